package dev.daemonset.operator.plan;

import java.util.List;

/**
 * The rolling update's share of a sync: pods to replace now, surge pods to start, and where the
 * rollout stands (the ordered nodes it may update, and those of them not yet done).
 */
public record RolloutPlan(
    List<String> nodesNeedingPods,
    List<PodDeletion> podsToDelete,
    List<String> updateSet,
    List<String> pendingNodes,
    EffectiveSpec.Budget budget,
    int partitionCount) {

  public ManagePlan asWrites() {
    return new ManagePlan(nodesNeedingPods, podsToDelete, List.of(), List.of(), null);
  }
}
