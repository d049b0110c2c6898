package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/** Which objects a DaemonSet controls, as kubectl tells: a controller ownerReference carrying its UID. */
public final class ControllerRefs {
    private ControllerRefs() {}

    public static boolean controlledBy(HasMetadata object, String uid) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return uid != null
                && refs != null
                && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
    }
}
