package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans one step of a RollingUpdate: upstream's algorithm (pkg/controller/daemon/update.go) run
 * over nodes in a deterministic order and limited to the nodes the rollout controls allow.
 *
 * <p>Update order: nodes already on (or moving to) the update revision first, then the rest by
 * natural node name. A partition of P keeps the last P desired nodes of that order on the old
 * revision; the canary {@code nodeSelector} limits updates to matching nodes. Together they make
 * the update set; {@code paused} replaces no pod of it. Because the order is stable, a partition
 * always means the same nodes and a resumed rollout continues where it stopped.
 *
 * <p>Sunset nodes: a node that should no longer get a new pod but may keep the one it has (an
 * untolerated NoSchedule taint, as upstream's shouldContinueRunning) is rolled as upstream rolls it:
 * its old pod is replaced by nothing, within the budget. Only when the rollout covers every node (not
 * paused, no partition, and the canary selector, if any, matches it).
 *
 * <p>Without surge. Assumptions:
 * <ul>
 *   <li>The manage step allows at most one pod per node and creates the replacement for a deleted
 *       pod (with the update revision), and it deletes failed pods.</li>
 *   <li>This step runs only when every earlier write has been observed, so the cache reflects it;
 *       when manage has pods to create (and nothing to delete), in the same sync, since those
 *       nodes count as unavailable here.</li>
 * </ul>
 * Invariants:
 * <ul>
 *   <li>Unavailable pods plus pods this step deletes never exceed maxUnavailable; a node whose pod
 *       is being deleted or not yet created counts as unavailable, which is what keeps the budget
 *       across syncs and controller restarts.</li>
 *   <li>An old pod that is not available is replaced at once: it costs no further availability.</li>
 *   <li>An available old pod is replaced only while budget remains, in update order.</li>
 *   <li>The old pod of a sunset node is deleted as an old pod of the update set is, and not replaced.</li>
 * </ul>
 *
 * <p>With surge. Assumptions:
 * <ul>
 *   <li>The manage step allows at most two pods per node, one old and one new, and deletes the old
 *       one once the new one is available.</li>
 * </ul>
 * Invariants:
 * <ul>
 *   <li>A node whose old pod is not available gets its new pod at once.</li>
 *   <li>No more than maxSurge new pods run beside available old pods at any time.</li>
 *   <li>No available old pod is deleted before its node has an available new pod.</li>
 *   <li>A sunset node gets no new pod. Its old pod goes at once if it is not available; an available
 *       one only while more pods are available than nodes desire one, so availability never drops
 *       below the desired count while scheduling constraints move.</li>
 * </ul>
 */
public final class RolloutPlanner {
    private RolloutPlanner() {}

    public record Input(
            List<NodeVerdict> nodes,
            Map<String, List<Pod>> podsByNode,
            String updateHash,
            EffectiveSpec spec,
            Instant now) {}

    public static RolloutPlan plan(Input in) {
        List<NodeVerdict> desired =
                in.nodes().stream().filter(NodeVerdict::shouldRun).toList();
        EffectiveSpec.Budget budget = in.spec().budget(desired.size());
        int partition = in.spec().partitionCount(desired.size());
        List<String> ordered = RolloutNodes.updateOrder(desired, in);
        List<String> updateSet = RolloutNodes.updateSet(ordered, desired, partition, in);
        Set<String> updatable = in.spec().paused() ? Set.of() : new HashSet<>(updateSet);
        Set<String> sunset = RolloutNodes.sunsetNodes(desired, partition, in);
        List<String> pending = RolloutNodes.pendingNodes(updateSet, in);

        List<String> creates = new ArrayList<>();
        List<PodDeletion> deletes = new ArrayList<>();
        if (budget.maxSurge() == 0) {
            planWithoutSurge(in, ordered, RolloutNodes.union(updatable, sunset), budget.maxUnavailable(), deletes);
        } else {
            planWithSurge(in, ordered, updatable, sunset, budget.maxSurge(), creates, deletes);
        }
        return new RolloutPlan(creates, deletes, updateSet, pending, budget, partition, recheck(ordered, in));
    }

    /** When the first update-revision pod that is Ready but not yet available becomes available. */
    private static Duration recheck(List<String> ordered, Input in) {
        Instant next = null;
        for (String node : ordered) {
            for (Pod pod : in.podsByNode().getOrDefault(node, List.of())) {
                if (!in.updateHash().equals(ManagePlanner.revisionOf(pod))
                        || PodConditions.isBeingDeleted(pod)
                        || available(pod, in)) {
                    continue;
                }
                Instant at = PodConditions.availableAt(pod, in.spec().minReadySeconds());
                if (at != null && (next == null || at.isBefore(next))) {
                    next = at;
                }
            }
        }
        return next == null ? null : PodConditions.recheckAfter(next, in.now());
    }

    private static void planWithoutSurge(
            Input in, List<String> ordered, Set<String> updatable, int maxUnavailable, List<PodDeletion> deletes) {
        int unavailable = 0;
        List<PodDeletion> replaceNow = new ArrayList<>();
        List<PodDeletion> candidates = new ArrayList<>();
        for (String node : RolloutNodes.withMisscheduled(ordered, in)) {
            NodeRevisionPods p = NodeRevisionPods.of(in.podsByNode().getOrDefault(node, List.of()), in.updateHash());
            if (!p.ok() || (p.newPod() == null) == (p.oldPod() == null)) {
                unavailable++;
                continue;
            }
            if (p.newPod() != null) {
                if (!available(p.newPod(), in)) {
                    unavailable++;
                }
                continue;
            }
            boolean oldAvailable = available(p.oldPod(), in);
            if (!updatable.contains(node)) {
                if (!oldAvailable) {
                    unavailable++;
                }
            } else if (!oldAvailable) {
                replaceNow.add(
                        new PodDeletion(p.oldPod(), "rolling update: old revision not available, replaced at once"));
                unavailable++;
            } else if (unavailable < maxUnavailable) {
                candidates.add(new PodDeletion(p.oldPod(), "rolling update"));
            }
        }
        int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
        deletes.addAll(replaceNow);
        deletes.addAll(candidates.subList(0, remaining));
    }

    private static void planWithSurge(
            Input in,
            List<String> ordered,
            Set<String> updatable,
            Set<String> sunset,
            int maxSurge,
            List<String> creates,
            List<PodDeletion> deletes) {
        int surging = 0;
        int availableNodes = 0;
        List<String> replaceNow = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        List<PodDeletion> sunsetAvailable = new ArrayList<>();
        for (String node : RolloutNodes.withMisscheduled(ordered, in)) {
            NodeRevisionPods p = NodeRevisionPods.of(in.podsByNode().getOrDefault(node, List.of()), in.updateHash());
            if (!p.ok()) {
                surging++;
                continue;
            }
            Pod counted = p.oldPod() != null ? p.oldPod() : p.newPod();
            if (counted != null && available(counted, in)) {
                availableNodes++;
            }
            if (p.oldPod() == null) {
                continue;
            }
            if (sunset.contains(node) && p.newPod() == null) {
                if (!available(p.oldPod(), in)) {
                    deletes.add(new PodDeletion(
                            p.oldPod(), "rolling update: old revision not available on a node that gets no new pod"));
                } else {
                    sunsetAvailable.add(new PodDeletion(
                            p.oldPod(), "rolling update: node gets no new pod, enough others available"));
                }
                continue;
            }
            if (p.newPod() != null) {
                if (!available(p.newPod(), in)) {
                    surging++;
                } else {
                    deletes.add(
                            new PodDeletion(p.oldPod(), "rolling update: surge pod available, old revision retired"));
                }
                continue;
            }
            if (!updatable.contains(node)) {
                continue;
            }
            if (!available(p.oldPod(), in)) {
                replaceNow.add(node);
            } else if (surging < maxSurge) {
                candidates.add(node);
            }
        }
        int remaining = Math.max(0, Math.min(maxSurge - surging, candidates.size()));
        creates.addAll(replaceNow);
        creates.addAll(candidates.subList(0, remaining));
        int deletable = Math.min(Math.max(0, availableNodes - ordered.size()), sunsetAvailable.size());
        deletes.addAll(sunsetAvailable.subList(0, deletable));
    }

    private static boolean available(Pod pod, Input in) {
        return PodConditions.isAvailable(pod, in.spec().minReadySeconds(), in.now());
    }
}
