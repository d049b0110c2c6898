package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

/** Reads controller ownerReferences. */
final class Owners {
    private Owners() {}

    static OwnerReference controllerOf(HasMetadata obj) {
        if (obj.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference ref : obj.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref;
            }
        }
        return null;
    }

    /** The controller ref if it points at one of our DaemonSets (by apiVersion group and kind). */
    static OwnerReference daemonSetControllerOf(Pod pod) {
        OwnerReference ref = controllerOf(pod);
        return ref != null && isOurDaemonSet(ref) ? ref : null;
    }

    /**
     * Whether a controller other than one of our DaemonSets owns the object: such a pod is neither adopted
     * nor counted, so the caches keep and index almost nothing of it.
     */
    static boolean controlledByAnother(HasMetadata obj) {
        OwnerReference ref = controllerOf(obj);
        return ref != null && !isOurDaemonSet(ref);
    }

    static boolean isOurDaemonSet(OwnerReference ref) {
        return DaemonSet.KIND.equals(ref.getKind())
                && ref.getApiVersion() != null
                && ref.getApiVersion().startsWith(DaemonSet.GROUP + "/");
    }
}
