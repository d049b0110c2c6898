package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A DaemonSet spec with the apps/v1 defaults filled in (RollingUpdate, maxUnavailable 1, maxSurge 0,
 * revisionHistoryLimit 10, minReadySeconds 0) and ours (no partition, no canary selector, not
 * paused, progressDeadlineSeconds 600). Neither the mock API server nor an old cluster applies
 * schema defaults, so the controller never relies on them.
 */
public record EffectiveSpec(
        LabelSelector selector,
        PodTemplateSpec template,
        UpdateStrategyType strategy,
        IntOrString maxUnavailable,
        IntOrString maxSurge,
        int minReadySeconds,
        int revisionHistoryLimit,
        IntOrString partition,
        LabelSelector rolloutNodeSelector,
        boolean paused,
        int progressDeadlineSeconds) {

    public static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    public static EffectiveSpec of(DaemonSetSpec spec) {
        UpdateStrategyType type = UpdateStrategyType.RollingUpdate;
        RollingUpdateDaemonSet ru = null;
        if (spec.getUpdateStrategy() != null) {
            if (spec.getUpdateStrategy().getType() != null) {
                type = spec.getUpdateStrategy().getType();
            }
            ru = spec.getUpdateStrategy().getRollingUpdate();
        }
        if (ru == null) {
            ru = new RollingUpdateDaemonSet();
        }
        return new EffectiveSpec(
                spec.getSelector(),
                spec.getTemplate(),
                type,
                ru.getMaxUnavailable() == null ? new IntOrString(1) : ru.getMaxUnavailable(),
                ru.getMaxSurge() == null ? new IntOrString(0) : ru.getMaxSurge(),
                spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds(),
                spec.getRevisionHistoryLimit() == null
                        ? DEFAULT_REVISION_HISTORY_LIMIT
                        : spec.getRevisionHistoryLimit(),
                ru.getPartition(),
                ru.getNodeSelector(),
                Boolean.TRUE.equals(ru.getPaused()),
                spec.getProgressDeadlineSeconds() == null
                        ? DEFAULT_PROGRESS_DEADLINE_SECONDS
                        : spec.getProgressDeadlineSeconds());
    }

    public boolean isRollingUpdate() {
        return strategy == UpdateStrategyType.RollingUpdate;
    }

    /** Surge is only in play for RollingUpdate with a non-zero maxSurge, as upstream's AllowsSurge. */
    public boolean allowsSurge(int desired) {
        return isRollingUpdate() && IntOrPercent.scaledRoundUp(maxSurge, desired) > 0;
    }

    /** The update budget against the desired count; both zero means maxUnavailable 1, as upstream. */
    public Budget budget(int desired) {
        int surge = isRollingUpdate() ? IntOrPercent.scaledRoundUp(maxSurge, desired) : 0;
        int unavailable = IntOrPercent.scaledRoundUp(maxUnavailable, desired);
        if (desired > 0 && surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Budget(unavailable, surge);
    }

    /** How many desired nodes stay on their old revision. */
    public int partitionCount(int desired) {
        return Math.min(desired, Math.max(0, IntOrPercent.scaledRoundUp(partition, desired)));
    }

    public record Budget(int maxUnavailable, int maxSurge) {}
}
