package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = IntOrPercentRules.NOT_BOTH_ZERO,
        fieldPath = ".rollingUpdate.maxUnavailable",
        message = "spec.updateStrategy.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0")
@ValidationRule(
        value = IntOrPercentRules.NOT_BOTH_NON_ZERO,
        fieldPath = ".rollingUpdate.maxSurge",
        message = "spec.updateStrategy.rollingUpdate.maxSurge may not be set when maxUnavailable is non-zero "
                + "(an absent maxUnavailable means 1; set it to 0 to surge)")
public class DaemonSetUpdateStrategy {
    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String ON_DELETE = "OnDelete";

    /**
     * Kept as written, not as the enum: a cluster without the CRD's schema accepts any name, and an
     * unknown one must still deserialize so the controller can report it. Read as an enum, it would
     * make that DaemonSet unreadable and stall the informer for every DaemonSet.
     */
    @JsonProperty("type")
    @SchemaFrom(type = UpdateStrategyType.class)
    private String type;

    private RollingUpdateDaemonSet rollingUpdate;

    /** The strategy, or null when none is set or the name is unknown (see {@link #getTypeName()}). */
    @JsonIgnore
    public UpdateStrategyType getType() {
        return UpdateStrategyType.named(type);
    }

    @JsonIgnore
    public void setType(UpdateStrategyType type) {
        this.type = type == null ? null : type.name();
    }
    /** The type exactly as written, known or not. */
    @JsonIgnore
    public String getTypeName() {
        return type;
    }

    public RollingUpdateDaemonSet getRollingUpdate() {
        return rollingUpdate;
    }

    public void setRollingUpdate(RollingUpdateDaemonSet rollingUpdate) {
        this.rollingUpdate = rollingUpdate;
    }
}
