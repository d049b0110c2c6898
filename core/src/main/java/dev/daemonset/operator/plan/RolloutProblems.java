package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For the first few nodes a rollout waits on, what its update-revision pod is doing; the rest are
 * counted. Nodes merely waiting for their turn in the budget are counted, not named, so the message
 * points at the fault. Describing every pending pod of a 5,000-node rollout on every sync would cost
 * more than the sync itself.
 */
public final class RolloutProblems {
    static final int MAX_NAMED = 5;

    private RolloutProblems() {}

    public static List<String> describe(
            List<String> pendingNodes,
            Map<String, List<Pod>> podsByNode,
            String hash,
            int minReadySeconds,
            Instant now) {
        List<String> out = new ArrayList<>();
        int unnamed = 0;
        int waitingTurn = 0;
        for (String node : pendingNodes) {
            List<Pod> pods = podsByNode.getOrDefault(node, List.of());
            Pod updated = null;
            for (Pod pod : pods) {
                if (hash.equals(ManagePlanner.revisionOf(pod))) {
                    updated = pod;
                }
            }
            if (updated == null && !pods.isEmpty()) {
                waitingTurn++;
            } else if (out.size() >= MAX_NAMED) {
                unnamed++;
            } else {
                out.add(node + " (" + (updated == null ? "no pod" : PodProblems.describe(updated, minReadySeconds, now))
                        + ")");
            }
        }
        if (unnamed > 0) {
            out.add(unnamed + " more node(s) not available yet");
        }
        if (waitingTurn > 0) {
            out.add(waitingTurn + " node(s) waiting for their turn");
        }
        return out;
    }
}
