package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;

/** The ownerReference lists adoption and release write; never modifies the object passed in. */
final class OwnerRefs {
    private OwnerRefs() {}

    public static List<OwnerReference> adding(HasMetadata obj, OwnerReference controller) {
        List<OwnerReference> refs = new ArrayList<>();
        if (obj.getMetadata().getOwnerReferences() != null) {
            refs.addAll(obj.getMetadata().getOwnerReferences());
        }
        refs.add(controller);
        return refs;
    }

    public static List<OwnerReference> removing(HasMetadata obj, String ownerUid) {
        List<OwnerReference> refs = new ArrayList<>();
        if (obj.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference ref : obj.getMetadata().getOwnerReferences()) {
                if (!ownerUid.equals(ref.getUid())) {
                    refs.add(ref);
                }
            }
        }
        return refs;
    }
}
