package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's ControllerRefManager rules, as a pure function over pods or ControllerRevisions.
 *
 * <p>Invariants:
 * <ul>
 *   <li>An object controlled by anything else is never touched (the caller only passes objects
 *       this DaemonSet controls and objects with no controller at all).</li>
 *   <li>A controlled object whose labels stop matching is released (its ownerReference removed),
 *       never deleted: relabelling a pod is how users take it out of service for debugging.</li>
 *   <li>Orphans are adopted only while the DaemonSet is alive and the object is not being deleted.</li>
 * </ul>
 */
public final class OwnershipPlanner {
    private OwnershipPlanner() {}

    public static <T extends HasMetadata> Claims<T> claim(
            LabelSelector selector, boolean daemonSetBeingDeleted, List<T> controlled, List<T> orphans) {
        List<T> claimed = new ArrayList<>(controlled.size());
        List<T> adopt = new ArrayList<>();
        List<T> release = new ArrayList<>();
        for (T obj : controlled) {
            if (LabelSelectors.matches(selector, obj.getMetadata().getLabels())) {
                claimed.add(obj);
            } else if (obj.getMetadata().getDeletionTimestamp() == null) {
                release.add(obj);
            }
        }
        if (!daemonSetBeingDeleted) {
            for (T obj : orphans) {
                if (obj.getMetadata().getDeletionTimestamp() == null
                        && LabelSelectors.matches(selector, obj.getMetadata().getLabels())) {
                    adopt.add(obj);
                }
            }
        }
        return new Claims<>(claimed, adopt, release);
    }
}
