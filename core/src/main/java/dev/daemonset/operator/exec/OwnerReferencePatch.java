package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategic merge patch upstream's controllers send to adopt or release an object: only the owner
 * references that change, merged by uid (so a reference another controller added meanwhile stays), and
 * the object's uid, which the API server checks as a precondition (so an object deleted and re-created
 * under the same name is not claimed in its place). No resourceVersion: a status change by the kubelet
 * between the read and the patch must not make an adoption fail.
 */
final class OwnerReferencePatch {
    private OwnerReferencePatch() {}

    static String between(ObjectMeta current, List<OwnerReference> wanted, KubernetesSerialization json) {
        Set<String> wantedUids = new HashSet<>();
        wanted.forEach(r -> wantedUids.add(r.getUid()));
        Set<String> currentUids = new HashSet<>();
        List<Object> changes = new ArrayList<>();
        if (current.getOwnerReferences() != null) {
            for (OwnerReference r : current.getOwnerReferences()) {
                currentUids.add(r.getUid());
                if (!wantedUids.contains(r.getUid())) {
                    changes.add(Map.of("$patch", "delete", "uid", r.getUid()));
                }
            }
        }
        for (OwnerReference r : wanted) {
            if (!currentUids.contains(r.getUid())) {
                changes.add(r);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ownerReferences", changes);
        metadata.put("uid", current.getUid());
        return json.asJson(Map.of("metadata", metadata));
    }
}
