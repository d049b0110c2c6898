package dev.daemonset.operator.plan;

import java.time.Duration;
import java.util.List;

/**
 * What one sync should change: nodes that need a new daemon pod, pods to delete, nodes whose
 * failed-pod backoff advances, events to record, and when to look again (null: no need).
 */
public record ManagePlan(
        List<String> nodesNeedingPods,
        List<PodDeletion> podsToDelete,
        List<String> failedPodBackoffNodes,
        List<PlannedEvent> events,
        Duration requeueAfter) {

    public boolean isEmpty() {
        return nodesNeedingPods.isEmpty() && podsToDelete.isEmpty();
    }
}
