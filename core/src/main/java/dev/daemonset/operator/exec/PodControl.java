package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The pod writes the controller makes; the only place pods are changed. */
public interface PodControl {
    /** Creates the pod and returns it as stored. */
    Pod create(Pod pod);

    /**
     * Deletes the pod, with {@code uid} as a precondition (none when it is null), so that a pod re-created
     * under the same name is not deleted in its place. Returns false when this call deleted nothing: the
     * pod was already gone, or the name now belongs to another pod.
     */
    boolean delete(String namespace, String name, String uid);

    /**
     * Changes the pod's ownerReferences to these, sending only the difference, and fails if the pod
     * is no longer the one with {@code pod}'s UID, so that adoption never claims a re-created pod.
     */
    void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences);

    /**
     * Changes the pod's {@code controller-revision-hash} label, failing if the pod is no longer the one
     * with {@code pod}'s UID: when two revisions hold the same template, its pods move to the one that is kept.
     */
    void setRevisionHash(Pod pod, String hash);
}
