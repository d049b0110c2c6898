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
        if (ref == null
                || !DaemonSet.KIND.equals(ref.getKind())
                || ref.getApiVersion() == null
                || !ref.getApiVersion().startsWith(DaemonSet.GROUP + "/")) {
            return null;
        }
        return ref;
    }
}
