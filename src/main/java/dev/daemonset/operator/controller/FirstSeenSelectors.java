package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.LabelSelectors;
import dev.daemonset.operator.plan.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selector immutability for clusters that do not enforce the CRD's transition rule. Changing the
 * selector of a running DaemonSet would release its pods and adopt others, so, as apps/v1 does, a
 * change is refused: here by reporting InvalidSpec and touching no pod until the selector is reverted.
 *
 * <p>A controller sees only the current object, so this remembers, per DaemonSet UID and in memory
 * only, the selector of the first valid spec it acted on. The limit: after an operator restart the
 * first selector seen is the current one, so a change made while the operator was down, or before
 * the restart, is accepted. The CRD's rule has no such gap on clusters that enforce it.
 */
final class FirstSeenSelectors {
  private final Map<String, LabelSelector> byUid = new ConcurrentHashMap<>();

  /** The violation when the selector differs from the one first acted on for this UID, else null. */
  Violation changed(DaemonSet ds) {
    LabelSelector first = byUid.get(ds.getMetadata().getUid());
    LabelSelector now = ds.getSpec() == null ? null : ds.getSpec().getSelector();
    if (first == null || first.equals(now)) {
      return null;
    }
    return new Violation("spec.selector", "Invalid value: \"" + LabelSelectors.describe(now)
        + "\": field is immutable (it was \"" + LabelSelectors.describe(first)
        + "\"; restore it, or delete and recreate the DaemonSet)");
  }

  /** Remembers the selector of a valid spec, unless one is already remembered for its UID. */
  void remember(DaemonSet ds) {
    byUid.computeIfAbsent(ds.getMetadata().getUid(), uid -> new LabelSelectorBuilder(ds.getSpec().getSelector()).build());
  }

  void forget(String uid) {
    byUid.remove(uid);
  }
}
