package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's ControllerRefManager rules, as a pure function.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A pod controlled by anything else is never touched (the caller only passes pods this
 *       DaemonSet controls and pods with no controller at all).</li>
 *   <li>A controlled pod whose labels stop matching is released (its ownerReference removed), never
 *       deleted: relabelling a pod is how users take it out of service for debugging.</li>
 *   <li>Orphans are adopted only while the DaemonSet is alive and the pod is not being deleted.</li>
 * </ul>
 */
public final class OwnershipPlanner {
  private OwnershipPlanner() {}

  public static PodClaims claim(LabelSelector selector, boolean daemonSetBeingDeleted, List<Pod> controlled,
      List<Pod> orphans) {
    List<Pod> claimed = new ArrayList<>(controlled.size());
    List<Pod> adopt = new ArrayList<>();
    List<Pod> release = new ArrayList<>();
    for (Pod pod : controlled) {
      if (LabelSelectors.matches(selector, pod.getMetadata().getLabels())) {
        claimed.add(pod);
      } else if (!PodConditions.isBeingDeleted(pod)) {
        release.add(pod);
      }
    }
    if (!daemonSetBeingDeleted) {
      for (Pod pod : orphans) {
        if (!PodConditions.isBeingDeleted(pod) && LabelSelectors.matches(selector, pod.getMetadata().getLabels())) {
          adopt.add(pod);
        }
      }
    }
    return new PodClaims(claimed, adopt, release);
  }
}
