package dev.daemonset.operator.controller;

import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod the cache keeps: what the operator reads of it, and nothing else. A pod as the API server
 * sends it is 10 to 30 KiB of JSON (its managedFields alone often half of that); what ownership,
 * adoption, rollout and the explanation of a stall read is a few hundred bytes.
 *
 * <p>Assumptions / Invariants:
 *
 * <ul>
 *   <li>A pod controlled by anything but a DaemonSet of ours is never read beyond its identity and its
 *       controller: the operator neither adopts nor counts it. If its controller lets it go, the update
 *       that says so carries the whole pod, which is trimmed again as an orphan.
 *   <li>For daemon pods of ours and orphans: the metadata ownership and adoption use (labels, owner
 *       references, creation and deletion times); the node it runs on or is pinned to ({@link
 *       PodTargets}); phase, the Ready condition and a PodScheduled one that is not True; and, while it is not Ready, the
 *       container states that say why ({@code PodProblems}). A Ready pod's container states are never
 *       read; when it stops being Ready, that update carries them.
 *   <li>Every index of {@link CacheIndexes} gives a trimmed pod the values it gives the whole pod.
 * </ul>
 */
final class TrimmedPods {
    private static final String READY = "Ready";
    private static final String SCHEDULED = "PodScheduled";

    private TrimmedPods() {}

    static Pod trim(Pod full) {
        Pod pod = LeanModel.pod();
        pod.setApiVersion(LeanModel.shared(full.getApiVersion()));
        pod.setKind(LeanModel.shared(full.getKind()));
        ObjectMeta from = full.getMetadata();
        ObjectMeta meta = LeanModel.meta(from);
        pod.setMetadata(meta);
        if (keepsIdentityOnly(full)) {
            meta.setOwnerReferences(List.of(LeanModel.ownerReference(Owners.controllerOf(full))));
            return pod;
        }
        meta.setOwnerReferences(LeanModel.listOf(from.getOwnerReferences(), LeanModel::ownerReference));
        meta.setLabels(LeanModel.sharedMap(from.getLabels()));
        meta.setCreationTimestamp(from.getCreationTimestamp());
        meta.setDeletionTimestamp(from.getDeletionTimestamp());
        meta.setDeletionGracePeriodSeconds(from.getDeletionGracePeriodSeconds());
        pod.setSpec(spec(full));
        pod.setStatus(status(full));
        return pod;
    }

    /** Whether only the pod's identity and controller are kept: another controller than ours controls it. */
    static boolean keepsIdentityOnly(Pod pod) {
        return pod.getMetadata() != null && Owners.controlledByAnother(pod);
    }

    /** Whether the container states are kept: only while the pod is not Ready (by its conditions alone). */
    static boolean keepsContainerStatuses(Pod pod) {
        return !PodConditions.isReady(pod);
    }

    /** The only fields of a pod's spec that are read ({@link PodTargets}): the node it runs on or is pinned to. */
    static final Set<String> SPEC_FIELDS_READ = Set.of("nodeName", "affinity");

    /** The only fields of a pod's status that are read ({@link #status}). */
    static final Set<String> STATUS_FIELDS_READ =
            Set.of("phase", "reason", "message", "conditions", "containerStatuses", "initContainerStatuses");

    private static PodSpec spec(Pod full) {
        PodSpec spec = LeanModel.podSpec();
        if (full.getSpec() == null) {
            return spec;
        }
        String nodeName = full.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty()) {
            spec.setNodeName(LeanModel.shared(nodeName));
            return spec;
        }
        String pinnedTo = PodTargets.targetNode(full);
        if (pinnedTo != null) {
            spec.setAffinity(pinnedTo(LeanModel.shared(pinnedTo)));
        }
        return spec;
    }

    /** Only the term that names the node: the one thing read of an unscheduled pod's affinity. */
    private static Affinity pinnedTo(String node) {
        NodeSelectorRequirement byName = new NodeSelectorRequirement("metadata.name", "In", List.of(node));
        byName.setAdditionalProperties(Map.of());
        NodeSelectorTerm term = new NodeSelectorTerm(List.of(), List.of(byName));
        term.setAdditionalProperties(Map.of());
        NodeSelector required = new NodeSelector(List.of(term));
        required.setAdditionalProperties(Map.of());
        NodeAffinity nodeAffinity = new NodeAffinity(List.of(), required);
        nodeAffinity.setAdditionalProperties(Map.of());
        Affinity affinity = new Affinity(nodeAffinity, null, null);
        affinity.setAdditionalProperties(Map.of());
        return affinity;
    }

    /** Ready always; PodScheduled only while it says why the pod is not scheduled, the one time it is read. */
    private static boolean isRead(PodCondition c) {
        return READY.equals(c.getType()) || (SCHEDULED.equals(c.getType()) && !"True".equals(c.getStatus()));
    }

    private static PodStatus status(Pod full) {
        PodStatus from = full.getStatus();
        if (from == null) {
            return null;
        }
        PodStatus status = LeanModel.podStatus();
        status.setPhase(LeanModel.shared(from.getPhase()));
        status.setReason(LeanModel.shared(from.getReason()));
        status.setMessage(from.getMessage());
        if (from.getConditions() != null) {
            status.setConditions(LeanModel.listOf(
                    from.getConditions().stream().filter(TrimmedPods::isRead).toList(), LeanModel::podCondition));
        }
        if (keepsContainerStatuses(full)) {
            status.setContainerStatuses(LeanModel.listOf(from.getContainerStatuses(), LeanModel::containerStatus));
            status.setInitContainerStatuses(
                    LeanModel.listOf(from.getInitContainerStatuses(), LeanModel::containerStatus));
        }
        return status;
    }
}
