package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * apps/v1 maxUnavailable and maxSurge, plus the progressive-delivery controls upstream lacks:
 * partition, a node-label canary selector and pause.
 *
 * <p>Each value must be well formed whatever the strategy type; whether the pair is allowed is checked
 * in {@link DaemonSetUpdateStrategy}, because apps/v1 ignores the pair under OnDelete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollingUpdateDaemonSet {
    @ValidationRule(
            value = IntOrPercentRules.INT_OR_PERCENT,
            message =
                    "spec.updateStrategy.rollingUpdate.maxUnavailable must be an integer or a percentage such as '25%'")
    @ValidationRule(
            value = IntOrPercentRules.NOT_NEGATIVE,
            message = "spec.updateStrategy.rollingUpdate.maxUnavailable must be greater than or equal to 0")
    @ValidationRule(
            value = IntOrPercentRules.AT_MOST_100_PERCENT,
            message = "spec.updateStrategy.rollingUpdate.maxUnavailable must not be greater than 100%")
    @ValidationRule(
            value = IntOrPercentRules.INT32,
            message = "spec.updateStrategy.rollingUpdate.maxUnavailable must be less than or equal to 2147483647")
    private IntOrString maxUnavailable;

    @ValidationRule(
            value = IntOrPercentRules.INT_OR_PERCENT,
            message = "spec.updateStrategy.rollingUpdate.maxSurge must be an integer or a percentage such as '25%'")
    @ValidationRule(
            value = IntOrPercentRules.NOT_NEGATIVE,
            message = "spec.updateStrategy.rollingUpdate.maxSurge must be greater than or equal to 0")
    @ValidationRule(
            value = IntOrPercentRules.AT_MOST_100_PERCENT,
            message = "spec.updateStrategy.rollingUpdate.maxSurge must not be greater than 100%")
    @ValidationRule(
            value = IntOrPercentRules.INT32,
            message = "spec.updateStrategy.rollingUpdate.maxSurge must be less than or equal to 2147483647")
    private IntOrString maxSurge;

    @ValidationRule(
            value = IntOrPercentRules.INT_OR_PERCENT,
            message = "spec.updateStrategy.rollingUpdate.partition must be an integer or a percentage such as '25%'")
    @ValidationRule(
            value = IntOrPercentRules.NOT_NEGATIVE,
            message = "spec.updateStrategy.rollingUpdate.partition must be greater than or equal to 0")
    @ValidationRule(
            value = IntOrPercentRules.AT_MOST_100_PERCENT,
            message = "spec.updateStrategy.rollingUpdate.partition must not be greater than 100%")
    @ValidationRule(
            value = IntOrPercentRules.INT32,
            message = "spec.updateStrategy.rollingUpdate.partition must be less than or equal to 2147483647")
    private IntOrString partition;

    private LabelSelector nodeSelector;
    private Boolean paused;

    public IntOrString getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(IntOrString maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }

    public IntOrString getMaxSurge() {
        return maxSurge;
    }

    public void setMaxSurge(IntOrString maxSurge) {
        this.maxSurge = maxSurge;
    }
    /** How many desired nodes (int, or percent rounded up) stay on the old revision; the last ones in update order. */
    public IntOrString getPartition() {
        return partition;
    }

    public void setPartition(IntOrString partition) {
        this.partition = partition;
    }
    /** Only nodes whose labels match are updated: a canary by node label. */
    public LabelSelector getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(LabelSelector nodeSelector) {
        this.nodeSelector = nodeSelector;
    }
    /** No pod is replaced for the update while true; pods are still created on new nodes. */
    public Boolean getPaused() {
        return paused;
    }

    public void setPaused(Boolean paused) {
        this.paused = paused;
    }
}
