package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * A node's live pods by revision: at most one of the update revision ({@code newPod}) and one of any
 * other ({@code oldPod}). With more of either, {@code ok} is false and both are null: manage prunes the
 * excess before a rollout step may count the node.
 */
record NodeRevisionPods(Pod newPod, Pod oldPod, boolean ok) {
    /** {@code pods} of one node, split by revision; pods being deleted do not count. */
    static NodeRevisionPods of(List<Pod> pods, String updateHash) {
        Pod newPod = null;
        Pod oldPod = null;
        for (Pod pod : pods) {
            if (PodConditions.isBeingDeleted(pod)) {
                continue;
            }
            if (updateHash.equals(ManagePlanner.revisionOf(pod))) {
                if (newPod != null) {
                    return new NodeRevisionPods(null, null, false);
                }
                newPod = pod;
            } else {
                if (oldPod != null) {
                    return new NodeRevisionPods(null, null, false);
                }
                oldPod = pod;
            }
        }
        return new NodeRevisionPods(newPod, oldPod, true);
    }
}
