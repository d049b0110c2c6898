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
 * Decides which nodes need a daemon pod and which daemon pods must go, for one DaemonSet.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>{@code podsByNode} holds only pods this DaemonSet controls and whose labels match its selector
 *       (adoption and release happened before), grouped by target node, oldest scheduled first.</li>
 *   <li>{@code nodes} is every node in the cluster, each with its eligibility for this template.</li>
 *   <li>Pods that are being deleted still occupy their node: no replacement is planned until the
 *       informer reports them gone, so a slow kubelet never yields two pods on one node.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>A node that should run the daemon and has no pod gets exactly one create.</li>
 *   <li>Without surge at most one live pod per node survives: the scheduled, oldest one.</li>
 *   <li>With surge at most two survive: the oldest old-revision pod stays only while the oldest
 *       update-revision pod is not yet available, so the node is never left without a ready pod.</li>
 *   <li>A failed pod is deleted at most once per backoff window per node (1 s doubling to 15 min), so
 *       a template the kubelet rejects cannot hot-loop; a succeeded pod is deleted at once.</li>
 *   <li>Only an untolerated NoExecute taint or a scheduling mismatch removes a running pod; a new
 *       NoSchedule taint stops creates but never evicts.</li>
 *   <li>An unscheduled pod pinned to a node that no longer exists is deleted; scheduled pods on a
 *       vanished node are left to the pod garbage collector, as upstream does.</li>
 * </ul>
 */
public final class ManagePlanner {
    private ManagePlanner() {}

    public record Input(
            String namespace,
            List<NodeVerdict> nodes,
            Map<String, List<Pod>> podsByNode,
            String updateHash,
            boolean surge,
            int minReadySeconds,
            FailedPodBackoffView backoff,
            Instant now) {}

    public static ManagePlan plan(Input in) {
        List<String> create = new ArrayList<>();
        List<PodDeletion> delete = new ArrayList<>();
        List<String> backoffNodes = new ArrayList<>();
        List<PlannedEvent> events = new ArrayList<>();
        Duration requeue = null;
        Set<String> known = new HashSet<>(in.nodes().size() * 2);

        for (NodeVerdict node : in.nodes()) {
            known.add(node.nodeName());
            List<Pod> pods = in.podsByNode().getOrDefault(node.nodeName(), List.of());
            if (node.shouldRun() && pods.isEmpty()) {
                create.add(node.nodeName());
            } else if (node.shouldContinueRunning()) {
                List<Pod> running = new ArrayList<>(pods.size());
                for (Pod pod : pods) {
                    if (PodConditions.isBeingDeleted(pod)) {
                        continue;
                    }
                    String phase = PodConditions.phase(pod);
                    if (PodConditions.PHASE_FAILED.equals(phase)) {
                        Duration wait = in.backoff().remaining(node.nodeName(), in.now());
                        if (wait != null) {
                            requeue = earliest(requeue, wait);
                            continue;
                        }
                        backoffNodes.add(node.nodeName());
                        events.add(PlannedEvent.warning(
                                EventReasons.FAILED_DAEMON_POD,
                                String.format(
                                        "Found failed daemon pod %s/%s on node %s, will try to kill it",
                                        in.namespace(), name(pod), node.nodeName())));
                        delete.add(new PodDeletion(pod, "failed"));
                    } else if (PodConditions.PHASE_SUCCEEDED.equals(phase)) {
                        events.add(PlannedEvent.normal(
                                EventReasons.SUCCEEDED_DAEMON_POD,
                                String.format(
                                        "Found succeeded daemon pod %s/%s on node %s, will try to delete it",
                                        in.namespace(), name(pod), node.nodeName())));
                        delete.add(new PodDeletion(pod, "succeeded"));
                    } else {
                        running.add(pod);
                    }
                }
                pruneDuplicates(in, node, running, create, delete);
            } else if (!pods.isEmpty()) {
                String why = node.eligibility().reasons().isEmpty()
                        ? "node no longer eligible"
                        : String.join("; ", node.eligibility().reasons());
                for (Pod pod : pods) {
                    if (!PodConditions.isBeingDeleted(pod)) {
                        delete.add(new PodDeletion(pod, why));
                    }
                }
            }
        }
        for (Map.Entry<String, List<Pod>> e : in.podsByNode().entrySet()) {
            if (known.contains(e.getKey())) {
                continue;
            }
            for (Pod pod : e.getValue()) {
                if (!PodConditions.isScheduled(pod) && !PodConditions.isBeingDeleted(pod)) {
                    delete.add(new PodDeletion(pod, "target node " + e.getKey() + " does not exist"));
                }
            }
        }
        return new ManagePlan(create, delete, backoffNodes, events, requeue);
    }

    /** {@code running} is sorted oldest scheduled first (PodTargets.byNode sorts). */
    private static void pruneDuplicates(
            Input in, NodeVerdict node, List<Pod> running, List<String> create, List<PodDeletion> delete) {
        if (!in.surge()) {
            for (int i = 1; i < running.size(); i++) {
                delete.add(new PodDeletion(running.get(i), "duplicate daemon pod on node " + node.nodeName()));
            }
            return;
        }
        if (running.size() <= 1) {
            if (running.isEmpty() && node.shouldRun()) {
                create.add(node.nodeName());
            }
            return;
        }
        Pod oldestNew = null;
        Pod oldestOld = null;
        for (Pod pod : running) {
            boolean updated = in.updateHash().equals(revisionOf(pod));
            if (updated && oldestNew == null) {
                oldestNew = pod;
            } else if (!updated && oldestOld == null) {
                oldestOld = pod;
            } else {
                delete.add(new PodDeletion(pod, "duplicate daemon pod on node " + node.nodeName()));
            }
        }
        if (oldestNew != null && oldestOld != null) {
            if (!PodConditions.isReady(oldestOld)) {
                delete.add(new PodDeletion(oldestOld, "old revision not ready, replaced by surge pod"));
            } else if (PodConditions.isAvailable(oldestNew, in.minReadySeconds(), in.now())) {
                delete.add(new PodDeletion(oldestOld, "surge pod available, old revision retired"));
            }
        }
    }

    static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static Duration earliest(Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }
}
