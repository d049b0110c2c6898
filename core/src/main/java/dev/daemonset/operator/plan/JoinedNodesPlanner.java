package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pods for nodes that just joined, ahead of the full sync: a full sync costs O(nodes + pods),
 * milliseconds at 5,000 nodes, and with ten DaemonSets a new node would wait for ten of them before
 * its last pod is created.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>The nodes are hints: a node missed here costs latency, never a pod, because the full sync that
 *       follows creates whatever is missing.</li>
 *   <li>The expectations were read before the pods on the joined nodes.</li>
 *   <li>The revisions are read (from the caches, never written) only once there is a create to plan:
 *       most joined nodes need none, and this plan exists to be cheap.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>Only for a valid DaemonSet already synced at its generation, whose selector has not changed
 *       and that is not being deleted; anything else is left to the full sync (the plan is null).</li>
 *   <li>Only creates, only on nodes that should run the pod, with no pod of the DaemonSet (nor an
 *       orphan it might adopt) and no create under way.</li>
 * </ul>
 */
public final class JoinedNodesPlanner {
    private JoinedNodesPlanner() {}

    /**
     * @param template the compiled spec; null if the spec is invalid
     * @param selectorChanged whether the selector differs from the one the DaemonSet was accepted with
     * @param awaitingCreation the nodes with a create under way; null if other writes are unobserved
     * @param joined the nodes that joined and still exist
     * @param podsOnNodes the pods on each joined node
     * @param history the DaemonSet's revisions; read only if there are creates to plan
     */
    public record Input(
            DaemonSet ds,
            SyncInput.Template template,
            boolean selectorChanged,
            Set<String> awaitingCreation,
            List<Node> joined,
            Map<String, List<Pod>> podsOnNodes,
            Supplier<SyncInput.History> history) {}

    /** The creates, or null for the full sync to do everything. */
    public static SyncPlan plan(Input in) {
        DaemonSet ds = in.ds();
        if (in.joined().isEmpty()
                || ds.getMetadata().getDeletionTimestamp() != null
                || ds.getStatus() == null
                || !Objects.equals(
                        ds.getStatus().getObservedGeneration(), ds.getMetadata().getGeneration())
                || in.selectorChanged()
                || in.template() == null
                || in.awaitingCreation() == null) {
            return null;
        }
        List<String> create = new ArrayList<>();
        for (Node node : in.joined()) {
            String name = node.getMetadata().getName();
            if (!in.awaitingCreation().contains(name)
                    && in.template().rules().evaluate(node).shouldRun()
                    && !hasPodFor(ds, in.podsOnNodes().getOrDefault(name, List.of()))) {
                create.add(name);
            }
        }
        if (create.isEmpty()) {
            return null;
        }
        RevisionPlan revision = RevisionPlan.resolve(in.history().get(), in.template());
        SyncPlan.PodWrites pods = new SyncPlan.PodWrites(
                new ManagePlan(create, List.of(), List.of(), List.of(), null),
                in.template().spec().template(),
                revision.updateHash(),
                revision.templateGeneration(),
                true);
        return new SyncPlan(
                SyncPlan.Mode.JOINED_NODES,
                revision,
                null,
                null,
                null,
                pods,
                List.of(),
                null,
                List.of(),
                null,
                "creating pods on " + create.size() + " joined node(s) ahead of the full sync");
    }

    /** A pod the DaemonSet controls, or an orphan its selector matches, is on the node. */
    private static boolean hasPodFor(DaemonSet ds, List<Pod> pods) {
        for (Pod pod : pods) {
            OwnerReference controller = controllerOf(pod);
            if (controller == null
                    ? LabelSelectors.matches(
                            ds.getSpec().getSelector(), pod.getMetadata().getLabels())
                    : ds.getMetadata().getUid().equals(controller.getUid())) {
                return true;
            }
        }
        return false;
    }

    private static OwnerReference controllerOf(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst()
                .orElse(null);
    }
}
