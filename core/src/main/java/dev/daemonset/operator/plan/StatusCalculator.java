package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes DaemonSet status as upstream does: per node, only the oldest (scheduled first) daemon pod
 * counts, so duplicates never inflate READY or AVAILABLE.
 */
public final class StatusCalculator {
    private StatusCalculator() {}

    public record Input(
            List<NodeVerdict> nodes,
            Map<String, List<Pod>> podsByNode,
            String updateHash,
            int minReadySeconds,
            Instant now,
            DaemonSetStatus previous,
            Long observedGeneration,
            List<DaemonSetCondition> conditions) {}

    /** The status to write, and when to look again because a Ready pod will become available. */
    public record Result(DaemonSetStatus status, Duration requeueAfter) {}

    public static Result compute(Input in) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        Instant nextAvailable = null;
        for (NodeVerdict node : in.nodes()) {
            List<Pod> pods = in.podsByNode().get(node.nodeName());
            boolean scheduled = pods != null && !pods.isEmpty();
            if (!node.shouldRun()) {
                if (scheduled) {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            Pod pod = pods.get(0);
            if (PodConditions.isReady(pod)) {
                ready++;
                if (PodConditions.isAvailable(pod, in.minReadySeconds(), in.now())) {
                    available++;
                } else {
                    Instant at = PodConditions.availableAt(pod, in.minReadySeconds());
                    if (at != null && (nextAvailable == null || at.isBefore(nextAvailable))) {
                        nextAvailable = at;
                    }
                }
            }
            if (in.updateHash().equals(ManagePlanner.revisionOf(pod))) {
                updated++;
            }
        }
        DaemonSetStatus s = new DaemonSetStatus();
        s.setDesiredNumberScheduled(desired);
        s.setCurrentNumberScheduled(current);
        s.setNumberMisscheduled(misscheduled);
        s.setNumberReady(ready);
        s.setUpdatedNumberScheduled(updated);
        s.setNumberAvailable(available);
        s.setNumberUnavailable(desired - available);
        s.setObservedGeneration(in.observedGeneration());
        s.setCollisionCount(in.previous() == null ? null : in.previous().getCollisionCount());
        s.setConditions(new ArrayList<>(in.conditions()));
        return new Result(s, nextAvailable == null ? null : PodConditions.recheckAfter(nextAvailable, in.now()));
    }
}
