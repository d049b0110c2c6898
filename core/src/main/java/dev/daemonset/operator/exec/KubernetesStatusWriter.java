package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PUTs the status subresource with the cached resourceVersion, so a concurrent writer is detected
 * rather than overwritten. On a conflict it re-reads the object once or twice and keeps the
 * conditions it finds there except the ones this controller owns, and never lowers the stored
 * collisionCount: a hash collision raised it, and a status computed from an older cache must not undo that.
 *
 * <p>Requests and answers go through schema-less objects: the DaemonSet whose status says its spec
 * cannot be read is exactly the one a typed answer would fail on.
 */
final class KubernetesStatusWriter implements StatusWriter {
    private static final int ATTEMPTS = 3;
    private final KubernetesClient client;
    private final Set<String> ownedConditionTypes;

    KubernetesStatusWriter(KubernetesClient client, Set<String> ownedConditionTypes) {
        this.client = client;
        this.ownedConditionTypes = ownedConditionTypes;
    }

    @Override
    public void write(DaemonSet ds, DaemonSetStatus status) {
        DaemonSet target = ds;
        DaemonSetStatus desired = status;
        for (int attempt = 1; ; attempt++) {
            try {
                daemonSets(target).resource(withStatus(target, desired)).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
                    throw e;
                }
                GenericKubernetesResource fresh =
                        daemonSets(ds).withName(ds.getMetadata().getName()).get();
                if (fresh == null
                        || !fresh.getMetadata().getUid().equals(ds.getMetadata().getUid())) {
                    return;
                }
                desired = mergeWithStored(desired, statusOf(fresh));
                DaemonSet again = new DaemonSet();
                again.setMetadata(fresh.getMetadata());
                target = again;
            }
        }
    }

    /** A merge patch of the one annotation: nothing else of the object is sent, so nothing else can be undone. */
    @Override
    public void annotateTemplateGeneration(DaemonSet ds, long generation) {
        String patch = client.getKubernetesSerialization()
                .asJson(Map.of(
                        "metadata",
                        Map.of("annotations", Map.of(TEMPLATE_GENERATION_ANNOTATION, Long.toString(generation)))));
        daemonSets(ds).withName(ds.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            daemonSets(DaemonSet ds) {
        return client.genericKubernetesResources(DaemonSet.resourceContext())
                .inNamespace(ds.getMetadata().getNamespace());
    }

    /** The stored status, or none when it cannot be read (the write replaces it). */
    private DaemonSetStatus statusOf(GenericKubernetesResource fresh) {
        Object status = fresh.getAdditionalProperties().get("status");
        try {
            return status == null
                    ? null
                    : client.getKubernetesSerialization().convertValue(status, DaemonSetStatus.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private DaemonSetStatus mergeWithStored(DaemonSetStatus ours, DaemonSetStatus theirs) {
        List<DaemonSetCondition> merged = new ArrayList<>();
        if (theirs != null && theirs.getConditions() != null) {
            for (DaemonSetCondition c : theirs.getConditions()) {
                if (!ownedConditionTypes.contains(c.getType())) {
                    merged.add(c);
                }
            }
        }
        for (DaemonSetCondition c : ours.getConditions()) {
            if (ownedConditionTypes.contains(c.getType())) {
                merged.add(c);
            }
        }
        DaemonSetStatus copy = client.getKubernetesSerialization().clone(ours);
        copy.setConditions(merged);
        Integer stored = theirs == null ? null : theirs.getCollisionCount();
        if (stored != null && (copy.getCollisionCount() == null || copy.getCollisionCount() < stored)) {
            copy.setCollisionCount(stored);
        }
        return copy;
    }

    /**
     * A new object: the cached one is shared with every other reader and must not change. The status
     * subresource ignores the spec, so none is sent.
     */
    private GenericKubernetesResource withStatus(DaemonSet ds, DaemonSetStatus status) {
        GenericKubernetesResource out = new GenericKubernetesResource();
        out.setApiVersion(DaemonSet.API_VERSION);
        out.setKind(DaemonSet.KIND);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(ds.getMetadata().getName());
        meta.setNamespace(ds.getMetadata().getNamespace());
        meta.setResourceVersion(ds.getMetadata().getResourceVersion());
        meta.setUid(ds.getMetadata().getUid());
        out.setMetadata(meta);
        out.setAdditionalProperty("status", client.getKubernetesSerialization().convertValue(status, Map.class));
        return out;
    }
}
