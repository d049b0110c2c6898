package dev.daemonset.operator.plan;

import dev.daemonset.operator.plan.RolloutPlanner.Input;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes a rollout step looks at, and in which order: the update order, the update set a
 * partition and the canary selector leave, the sunset nodes, and the nodes not yet done.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The order is nodes already on (or moving to) the update revision, then the rest, each by
 *       natural node name: it depends on names and revisions only, never on the order nodes come in,
 *       so a partition always means the same nodes and a resumed rollout continues where it stopped.</li>
 *   <li>The update set is taken from the front of the order; sunset nodes are never desired, so never
 *       in it.</li>
 * </ul>
 */
final class RolloutNodes {
    private RolloutNodes() {}

    /** Desired nodes in update order. */
    static List<String> updateOrder(List<NodeVerdict> desired, Input in) {
        List<String> updating = new ArrayList<>();
        List<String> rest = new ArrayList<>(desired.size());
        for (NodeVerdict n : desired) {
            (alreadyUpdating(n.nodeName(), in) ? updating : rest).add(n.nodeName());
        }
        updating.sort(NodeOrder.NATURAL);
        rest.sort(NodeOrder.NATURAL);
        updating.addAll(rest);
        return updating;
    }

    /** A node with an update-revision pod, or with no live pod (manage gives it the update revision). */
    private static boolean alreadyUpdating(String node, Input in) {
        boolean anyLive = false;
        for (Pod pod : in.podsByNode().getOrDefault(node, List.of())) {
            if (PodConditions.isBeingDeleted(pod)) {
                continue;
            }
            anyLive = true;
            if (in.updateHash().equals(ManagePlanner.revisionOf(pod))) {
                return true;
            }
        }
        return !anyLive;
    }

    /** The first nodes of the order the partition leaves, of those the canary selector (if any) matches. */
    static List<String> updateSet(List<String> ordered, List<NodeVerdict> desired, int partition, Input in) {
        if (!in.spec().isRollingUpdate()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        int allowed = ordered.size() - partition;
        Map<String, Map<String, String>> labels = new HashMap<>();
        desired.forEach(n -> labels.put(n.nodeName(), n.labels()));
        for (String node : ordered) {
            if (result.size() >= allowed) {
                break;
            }
            if (in.spec().rolloutNodeSelector() == null
                    || LabelSelectors.matches(in.spec().rolloutNodeSelector(), labels.get(node))) {
                result.add(node);
            }
        }
        return result;
    }

    /** Nodes holding a pod that should get no new one, when the rollout covers every node. */
    static Set<String> sunsetNodes(List<NodeVerdict> desired, int partition, Input in) {
        if (!in.spec().isRollingUpdate() || in.spec().paused() || partition > 0) {
            return Set.of();
        }
        Set<String> desiredNames = new HashSet<>();
        desired.forEach(n -> desiredNames.add(n.nodeName()));
        Set<String> sunset = new HashSet<>();
        for (NodeVerdict n : in.nodes()) {
            if (!desiredNames.contains(n.nodeName())
                    && n.eligibility().shouldContinueRunning()
                    && in.podsByNode().containsKey(n.nodeName())
                    && (in.spec().rolloutNodeSelector() == null
                            || LabelSelectors.matches(in.spec().rolloutNodeSelector(), n.labels()))) {
                sunset.add(n.nodeName());
            }
        }
        return sunset;
    }

    /** Nodes the rollout may update whose update-revision pod is not yet the only, available pod. */
    static List<String> pendingNodes(List<String> updateSet, Input in) {
        List<String> pending = new ArrayList<>();
        for (String node : updateSet) {
            NodeRevisionPods p = NodeRevisionPods.of(in.podsByNode().getOrDefault(node, List.of()), in.updateHash());
            boolean done = p.ok()
                    && p.newPod() != null
                    && p.oldPod() == null
                    && PodConditions.isAvailable(p.newPod(), in.spec().minReadySeconds(), in.now());
            if (!done) {
                pending.add(node);
            }
        }
        return pending;
    }

    /** Desired nodes in order, then nodes that hold pods but should not run one: upstream counts them too. */
    static List<String> withMisscheduled(List<String> ordered, Input in) {
        Set<String> seen = new HashSet<>(ordered);
        List<String> rest = new ArrayList<>();
        for (String node : in.podsByNode().keySet()) {
            if (!seen.contains(node)) {
                rest.add(node);
            }
        }
        if (rest.isEmpty()) {
            return ordered;
        }
        rest.sort(NodeOrder.NATURAL);
        List<String> all = new ArrayList<>(ordered);
        all.addAll(rest);
        return all;
    }

    /** Both sets; {@code a} itself when {@code b} is empty. */
    static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
