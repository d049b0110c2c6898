package dev.daemonset.operator.cli.drain;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What drain does with one pod of the node, as kubectl's drain filters decide it.
 *
 * @param evict whether the pod is evicted
 * @param kind OK (evicted silently), SKIP (left silently), WARNING (evicted or left, and said so), ERROR (refused:
 *     the drain stops before evicting anything)
 * @param message the warning or error, null for OK and SKIP
 */
record PodVerdict(Pod pod, boolean evict, Kind kind, String message) {
    enum Kind {
        OK,
        SKIP,
        WARNING,
        ERROR
    }

    static PodVerdict ok(Pod pod) {
        return new PodVerdict(pod, true, Kind.OK, null);
    }

    static PodVerdict skip(Pod pod) {
        return new PodVerdict(pod, false, Kind.SKIP, null);
    }

    static PodVerdict warning(Pod pod, boolean evict, String message) {
        return new PodVerdict(pod, evict, Kind.WARNING, message);
    }

    static PodVerdict error(Pod pod, String message) {
        return new PodVerdict(pod, false, Kind.ERROR, message);
    }

    /** {@code namespace/name}, as kubectl names pods in its warnings and errors. */
    String podRef() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
