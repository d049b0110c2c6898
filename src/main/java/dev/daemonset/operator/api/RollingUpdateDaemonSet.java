package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Each value must be well formed whatever the strategy type; whether the pair is allowed is checked
 * in {@link DaemonSetUpdateStrategy}, because apps/v1 ignores the pair under OnDelete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollingUpdateDaemonSet {
  @ValidationRule(value = IntOrPercentRules.INT_OR_PERCENT,
      message = "spec.updateStrategy.rollingUpdate.maxUnavailable must be an integer or a percentage such as '25%'")
  @ValidationRule(value = IntOrPercentRules.NOT_NEGATIVE,
      message = "spec.updateStrategy.rollingUpdate.maxUnavailable must be greater than or equal to 0")
  @ValidationRule(value = IntOrPercentRules.AT_MOST_100_PERCENT,
      message = "spec.updateStrategy.rollingUpdate.maxUnavailable must not be greater than 100%")
  private IntOrString maxUnavailable;
  @ValidationRule(value = IntOrPercentRules.INT_OR_PERCENT,
      message = "spec.updateStrategy.rollingUpdate.maxSurge must be an integer or a percentage such as '25%'")
  @ValidationRule(value = IntOrPercentRules.NOT_NEGATIVE,
      message = "spec.updateStrategy.rollingUpdate.maxSurge must be greater than or equal to 0")
  @ValidationRule(value = IntOrPercentRules.AT_MOST_100_PERCENT,
      message = "spec.updateStrategy.rollingUpdate.maxSurge must not be greater than 100%")
  private IntOrString maxSurge;

  public IntOrString getMaxUnavailable() { return maxUnavailable; }
  public void setMaxUnavailable(IntOrString maxUnavailable) { this.maxUnavailable = maxUnavailable; }
  public IntOrString getMaxSurge() { return maxSurge; }
  public void setMaxSurge(IntOrString maxSurge) { this.maxSurge = maxSurge; }
}
