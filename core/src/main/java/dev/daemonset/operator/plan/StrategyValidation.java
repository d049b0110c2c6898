package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * The rules for {@code spec.updateStrategy}. Each of maxUnavailable and maxSurge must be well formed
 * whatever the type; the pair (not both zero, not both non-zero) is checked only for RollingUpdate,
 * the default, because apps/v1 ignores it under OnDelete.
 */
final class StrategyValidation {
    private static final String BASE = "spec.updateStrategy.rollingUpdate.";

    private StrategyValidation() {}

    static void validate(DaemonSetUpdateStrategy strategy, List<Violation> out) {
        if (strategy == null) {
            return;
        }
        if (strategy.getType() == null && strategy.getTypeName() != null) {
            out.add(new Violation(
                    "spec.updateStrategy.type",
                    "Unsupported value: \"" + strategy.getTypeName()
                            + "\": supported values: \"OnDelete\", \"RollingUpdate\""));
        }
        RollingUpdateDaemonSet ru = strategy.getRollingUpdate();
        if (ru == null) {
            return;
        }
        boolean unavailableOk = intOrPercent(BASE + "maxUnavailable", ru.getMaxUnavailable(), out);
        boolean surgeOk = intOrPercent(BASE + "maxSurge", ru.getMaxSurge(), out);
        intOrPercent(BASE + "partition", ru.getPartition(), out);
        if (ru.getNodeSelector() != null) {
            SelectorValidation.validateRequirements(BASE + "nodeSelector", ru.getNodeSelector(), out);
        }
        if (!unavailableOk || !surgeOk || strategy.getType() == UpdateStrategyType.OnDelete) {
            return;
        }
        boolean unavailableZero = isZero(ru.getMaxUnavailable(), true);
        boolean surgeZero = isZero(ru.getMaxSurge(), false);
        if (unavailableZero && surgeZero) {
            out.add(new Violation(
                    BASE + "maxUnavailable",
                    "Invalid value: " + show(ru.getMaxUnavailable()) + ": may not be 0 when maxSurge is 0"));
        } else if (!unavailableZero && !surgeZero) {
            out.add(
                    new Violation(
                            BASE + "maxSurge",
                            "Invalid value: " + show(ru.getMaxSurge())
                                    + ": may not be set when maxUnavailable is non-zero (an absent maxUnavailable means 1; set it to 0 to surge)"));
        }
    }

    /** Absent maxUnavailable defaults to 1 (non-zero), absent maxSurge to 0, as in apps/v1. */
    private static boolean isZero(IntOrString v, boolean absentMeansOne) {
        if (v == null) {
            return !absentMeansOne;
        }
        if (v.getIntVal() != null) {
            return v.getIntVal() == 0;
        }
        return Integer.valueOf(0).equals(IntOrPercent.parsePercent(v.getStrVal()));
    }

    private static boolean intOrPercent(String field, IntOrString v, List<Violation> out) {
        if (v == null) {
            return true;
        }
        if (v.getIntVal() != null) {
            if (v.getIntVal() < 0) {
                out.add(new Violation(
                        field, "Invalid value: " + v.getIntVal() + ": must be greater than or equal to 0"));
                return false;
            }
            return true;
        }
        Integer percent = v.getStrVal() == null ? null : IntOrPercent.parsePercent(v.getStrVal());
        if (percent == null) {
            out.add(new Violation(
                    field,
                    "Invalid value: \"" + v.getStrVal()
                            + "\": a valid percent string must be a numeric string followed by an ending '%'"));
            return false;
        }
        if (percent > 100) {
            out.add(new Violation(field, "Invalid value: \"" + v.getStrVal() + "\": must not be greater than 100%"));
            return false;
        }
        return true;
    }

    private static String show(IntOrString v) {
        return v.getIntVal() != null ? v.getIntVal().toString() : "\"" + v.getStrVal() + "\"";
    }
}
