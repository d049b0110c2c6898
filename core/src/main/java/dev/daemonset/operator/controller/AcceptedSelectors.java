package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.LabelSelectors;
import dev.daemonset.operator.plan.Violation;
import dev.daemonset.operator.pods.AcceptedSelector;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selector immutability for clusters that do not enforce the CRD's transition rule. Changing the
 * selector of a running DaemonSet would release its pods and adopt others, so, as apps/v1 does, a
 * change is refused: here by reporting InvalidSpec and touching no pod until the selector is reverted.
 *
 * <p>A controller sees only the current object, so the selector a DaemonSet was accepted with is
 * recorded on each ControllerRevision written for it ({@link AcceptedSelector}), and read back from
 * its oldest revision that carries a record for its UID: a restarted operator, or a standby taking
 * over, refuses a change made before it started just as the one that saw the DaemonSet created would.
 * Only a DaemonSet with no such revision yet (never synced, or every revision written before records
 * existed and not yet annotated) is accepted with the selector it has when first synced. The records
 * read are kept in memory per UID until the DaemonSet goes.
 */
final class AcceptedSelectors {
    private static final Comparator<ControllerRevision> OLDEST_FIRST = Comparator.comparing(
                    (ControllerRevision cr) -> cr.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(cr -> cr.getMetadata().getName());

    private final ClusterView view;
    private final Map<String, AcceptedSelector> byUid = new ConcurrentHashMap<>();

    AcceptedSelectors(ClusterView view) {
        this.view = view;
    }

    /** The violation when the selector differs from the one this DaemonSet was accepted with, else null. */
    Violation changed(DaemonSet ds) {
        AcceptedSelector accepted = accepted(ds.getMetadata().getUid());
        LabelSelector now = ds.getSpec() == null ? null : ds.getSpec().getSelector();
        if (accepted == null || accepted.matches(now)) {
            return null;
        }
        return new Violation(
                "spec.selector",
                "Invalid value: \"" + LabelSelectors.describe(now)
                        + "\": field is immutable (it was \"" + accepted.describe()
                        + "\"; restore it, or delete and recreate the DaemonSet)");
    }

    /** Accepts the selector of a valid spec, unless one is already accepted for its UID. */
    void remember(DaemonSet ds) {
        byUid.computeIfAbsent(
                ds.getMetadata().getUid(),
                uid -> AcceptedSelector.of(ds.getSpec().getSelector()));
    }

    private AcceptedSelector accepted(String uid) {
        AcceptedSelector known = byUid.get(uid);
        if (known != null) {
            return known;
        }
        AcceptedSelector recorded = view.revisionsControlledBy(uid).stream()
                .filter(cr -> AcceptedSelector.recordedOn(cr, uid) != null)
                .min(OLDEST_FIRST)
                .map(cr -> AcceptedSelector.recordedOn(cr, uid))
                .orElse(null);
        return recorded == null ? null : byUid.computeIfAbsent(uid, u -> recorded);
    }

    void forget(String uid) {
        byUid.remove(uid);
    }

    /** The UIDs of the DaemonSets held, as of now. */
    Set<String> uids() {
        return Set.copyOf(byUid.keySet());
    }

    int size() {
        return byUid.size();
    }
}
