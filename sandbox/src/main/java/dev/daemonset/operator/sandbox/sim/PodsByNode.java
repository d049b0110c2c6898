package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

/**
 * The simulators' index of pods by the node they are bound to. A kubelet watches the pods of its own node, not the
 * cluster's: scanning every cached pod when a node appears (150,000 in the benchmark's cluster) took a core's worth
 * of milliseconds from the API server at the very moment a joining node's pods were being created.
 */
final class PodsByNode {
    private static final String INDEX = "spec.nodeName";

    private PodsByNode() {}

    /** Before the informer starts. */
    static void index(SharedIndexInformer<Pod> pods) {
        pods.addIndexers(Map.of(INDEX, PodsByNode::nodeOf));
    }

    static List<Pod> on(SharedIndexInformer<Pod> pods, String node) {
        return pods.getIndexer().byIndex(INDEX, node);
    }

    private static List<String> nodeOf(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? List.of() : List.of(node);
    }
}
