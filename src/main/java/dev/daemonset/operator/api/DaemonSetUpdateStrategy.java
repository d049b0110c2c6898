package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = IntOrPercentRules.NOT_BOTH_ZERO, fieldPath = ".rollingUpdate.maxUnavailable",
    message = "spec.updateStrategy.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0")
@ValidationRule(value = IntOrPercentRules.NOT_BOTH_NON_ZERO, fieldPath = ".rollingUpdate.maxSurge",
    message = "spec.updateStrategy.rollingUpdate.maxSurge may not be set when maxUnavailable is non-zero "
        + "(an absent maxUnavailable means 1; set it to 0 to surge)")
public class DaemonSetUpdateStrategy {
  public static final String ROLLING_UPDATE = "RollingUpdate";
  public static final String ON_DELETE = "OnDelete";

  private UpdateStrategyType type;
  private RollingUpdateDaemonSet rollingUpdate;

  public UpdateStrategyType getType() { return type; }
  public void setType(UpdateStrategyType type) { this.type = type; }
  public RollingUpdateDaemonSet getRollingUpdate() { return rollingUpdate; }
  public void setRollingUpdate(RollingUpdateDaemonSet rollingUpdate) { this.rollingUpdate = rollingUpdate; }
}
