package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups daemon pods by the node they are meant for. An unscheduled daemon pod already belongs to a
 * node through its {@code matchFields metadata.name In [node]} term; counting it there is what stops
 * the controller creating a second pod for a node while the scheduler is still binding the first.
 */
public final class PodTargets {
    private PodTargets() {}

    /** The node a daemon pod runs on or is pinned to, or null if it names none. */
    public static String targetNode(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return null;
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            return spec.getNodeName();
        }
        if (spec.getAffinity() == null
                || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        List<NodeSelectorTerm> terms = spec.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        if (terms == null) {
            return null;
        }
        for (NodeSelectorTerm term : terms) {
            if (term.getMatchFields() == null) {
                continue;
            }
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                if ("metadata.name".equals(r.getKey())
                        && "In".equals(r.getOperator())
                        && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().get(0);
                }
            }
        }
        return null;
    }

    /**
     * Pods by target node, oldest (scheduled first) at index 0. Pods that are both terminal and being
     * deleted are left out: kubelet or pod GC finishes them and the controller has nothing to do.
     */
    public static Map<String, List<Pod>> byNode(List<Pod> pods) {
        Map<String, List<Pod>> result = new HashMap<>(Math.max(16, pods.size() * 2));
        for (Pod pod : pods) {
            if (PodConditions.isTerminal(pod) && PodConditions.isBeingDeleted(pod)) {
                continue;
            }
            String node = targetNode(pod);
            if (node == null) {
                continue;
            }
            result.computeIfAbsent(node, n -> new ArrayList<>(1)).add(pod);
        }
        for (List<Pod> onNode : result.values()) {
            if (onNode.size() > 1) {
                onNode.sort(PodConditions.SCHEDULED_THEN_OLDEST);
            }
        }
        return result;
    }
}
