package dev.daemonset.operator.plan;

import java.time.Duration;
import java.util.List;

/**
 * The rolling update's share of a sync: pods to replace now, surge pods to start, and where the
 * rollout stands (the ordered nodes it may update, and those of them not yet done), and when to look
 * again because an update-revision pod that is Ready becomes available (null if none is waiting):
 * no pod event marks that moment, and a surge rollout waits on it to retire the old pod.
 */
public record RolloutPlan(
        List<String> nodesNeedingPods,
        List<PodDeletion> podsToDelete,
        List<String> updateSet,
        List<String> pendingNodes,
        EffectiveSpec.Budget budget,
        int partitionCount,
        Duration requeueAfter) {

    public ManagePlan asWrites() {
        return new ManagePlan(nodesNeedingPods, podsToDelete, List.of(), List.of(), null);
    }
}
