package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A DaemonSet spec with the apps/v1 defaults filled in (RollingUpdate, maxUnavailable 1, maxSurge 0,
 * revisionHistoryLimit 10, minReadySeconds 0). Neither the mock API server nor an old cluster applies
 * schema defaults, so the controller never relies on them.
 */
public record EffectiveSpec(
    LabelSelector selector,
    PodTemplateSpec template,
    UpdateStrategyType strategy,
    IntOrString maxUnavailable,
    IntOrString maxSurge,
    int minReadySeconds,
    int revisionHistoryLimit) {

  public static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;

  public static EffectiveSpec of(DaemonSetSpec spec) {
    UpdateStrategyType type = UpdateStrategyType.RollingUpdate;
    IntOrString maxUnavailable = new IntOrString(1);
    IntOrString maxSurge = new IntOrString(0);
    if (spec.getUpdateStrategy() != null) {
      if (spec.getUpdateStrategy().getType() != null) {
        type = spec.getUpdateStrategy().getType();
      }
      RollingUpdateDaemonSet ru = spec.getUpdateStrategy().getRollingUpdate();
      if (ru != null) {
        if (ru.getMaxUnavailable() != null) {
          maxUnavailable = ru.getMaxUnavailable();
        }
        if (ru.getMaxSurge() != null) {
          maxSurge = ru.getMaxSurge();
        }
      }
    }
    return new EffectiveSpec(
        spec.getSelector(),
        spec.getTemplate(),
        type,
        maxUnavailable,
        maxSurge,
        spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds(),
        spec.getRevisionHistoryLimit() == null ? DEFAULT_REVISION_HISTORY_LIMIT : spec.getRevisionHistoryLimit());
  }

  public boolean isRollingUpdate() {
    return strategy == UpdateStrategyType.RollingUpdate;
  }

  /** Surge is only in play for RollingUpdate with a non-zero maxSurge, as upstream's AllowsSurge. */
  public boolean allowsSurge(int desired) {
    return isRollingUpdate() && IntOrPercent.scaledRoundUp(maxSurge, desired) > 0;
  }
}
