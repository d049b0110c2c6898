package dev.daemonset.operator.controller;

import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The informers' indexes, which keep one sync at O(nodes + own pods): objects by the UID of their
 * controller, orphans by namespace, and pods by the node they are bound or headed to.
 */
final class CacheIndexes {
    static final String BY_CONTROLLER_UID = "byControllerUid";
    static final String BY_NODE = "byNode";
    static final String ORPHANS_BY_NAMESPACE = "orphansByNamespace";

    private CacheIndexes() {}

    static Map<String, Function<ControllerRevision, List<String>>> ofRevisions() {
        return Map.of(
                BY_CONTROLLER_UID, CacheIndexes::controllerUid,
                ORPHANS_BY_NAMESPACE, CacheIndexes::namespaceIfOrphan);
    }

    static Map<String, Function<Pod, List<String>>> ofPods() {
        return Map.of(
                BY_CONTROLLER_UID, CacheIndexes::daemonSetControllerUid,
                BY_NODE,
                        pod -> {
                            // a pod another controller owns is never looked up by node: no entry for it
                            if (Owners.controlledByAnother(pod)) {
                                return List.of();
                            }
                            String node = PodTargets.targetNode(pod);
                            return node == null ? List.of() : List.of(node);
                        },
                ORPHANS_BY_NAMESPACE, CacheIndexes::namespaceIfOrphan);
    }

    private static List<String> controllerUid(HasMetadata object) {
        OwnerReference ref = Owners.controllerOf(object);
        return ref == null ? List.of() : List.of(ref.getUid());
    }

    /** Pods are looked up by the UID of a DaemonSet of ours only: a ReplicaSet's pods need no entry. */
    private static List<String> daemonSetControllerUid(Pod pod) {
        OwnerReference ref = Owners.daemonSetControllerOf(pod);
        return ref == null ? List.of() : List.of(ref.getUid());
    }

    private static List<String> namespaceIfOrphan(HasMetadata object) {
        return Owners.controllerOf(object) == null
                ? List.of(object.getMetadata().getNamespace())
                : List.of();
    }
}
