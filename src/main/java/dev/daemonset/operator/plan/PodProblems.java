package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;

/** Says in a few words why a pod is not available: what a person would dig out of describe. */
public final class PodProblems {
  private PodProblems() {}

  public static String describe(Pod pod, int minReadySeconds, Instant now) {
    String name = pod.getMetadata().getName();
    if (PodConditions.isBeingDeleted(pod)) {
      return "pod " + name + " is terminating";
    }
    if (pod.getStatus() != null) {
      String waiting = waitingReason(pod);
      if (waiting != null) {
        return "pod " + name + " " + waiting;
      }
      if (pod.getStatus().getConditions() != null) {
        for (PodCondition c : pod.getStatus().getConditions()) {
          if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
            return "pod " + name + " unschedulable" + (c.getMessage() == null ? "" : ": " + c.getMessage());
          }
        }
      }
    }
    if (!PodConditions.isScheduled(pod)) {
      return "pod " + name + " not scheduled yet";
    }
    if (!PodConditions.isReady(pod)) {
      String phase = PodConditions.phase(pod);
      return "pod " + name + " not ready" + (phase == null ? "" : " (" + phase + ")");
    }
    if (!PodConditions.isAvailable(pod, minReadySeconds, now)) {
      return "pod " + name + " ready, not yet available (minReadySeconds " + minReadySeconds + ")";
    }
    return "pod " + name + " available";
  }

  private static String waitingReason(Pod pod) {
    if (pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      if (cs.getState() != null && cs.getState().getWaiting() != null && cs.getState().getWaiting().getReason() != null) {
        String reason = cs.getState().getWaiting().getReason();
        int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        return reason + (restarts > 0 ? " (" + restarts + " restarts)" : "");
      }
    }
    return null;
  }
}
