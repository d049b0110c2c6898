package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;

/**
 * What a sync reads, served from informer caches. Every object returned is shared with other
 * readers: copy before changing anything.
 */
interface ClusterView {
    DaemonSet daemonSet(DaemonSetKey key);

    List<DaemonSet> daemonSets();

    List<Node> nodes();

    /** The node of this name, or null. */
    Node node(String name);

    /** Pods whose controller ownerReference has this UID. */
    List<Pod> podsControlledBy(String ownerUid);

    /** Pods in the namespace with no controller ownerReference at all. */
    List<Pod> orphanPods(String namespace);

    /** Pods bound to or pinned to the node. */
    List<Pod> podsOnNode(String nodeName);

    /** ControllerRevisions whose controller ownerReference has this UID. */
    List<ControllerRevision> revisionsControlledBy(String ownerUid);

    /** ControllerRevisions in the namespace with no controller ownerReference. */
    List<ControllerRevision> orphanRevisions(String namespace);
}
