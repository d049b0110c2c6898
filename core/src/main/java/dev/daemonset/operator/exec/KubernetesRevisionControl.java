package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class KubernetesRevisionControl implements RevisionControl {
    private final KubernetesClient client;

    KubernetesRevisionControl(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ControllerRevision create(ControllerRevision revision) {
        return client.apps()
                .controllerRevisions()
                .inNamespace(revision.getMetadata().getNamespace())
                .resource(revision)
                .create();
    }

    @Override
    public ControllerRevision get(String namespace, String name) {
        return client.apps()
                .controllerRevisions()
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    @Override
    public void renumber(ControllerRevision revision, long number) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", Map.of("resourceVersion", revision.getMetadata().getResourceVersion()));
        patch.put("revision", number);
        client.apps()
                .controllerRevisions()
                .inNamespace(revision.getMetadata().getNamespace())
                .withName(revision.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(patch));
    }

    @Override
    public void delete(String namespace, String name) {
        client.apps()
                .controllerRevisions()
                .inNamespace(namespace)
                .withName(name)
                .delete();
    }

    @Override
    public void annotate(ControllerRevision revision, String key, String value) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", revision.getMetadata().getResourceVersion());
        metadata.put("annotations", Map.of(key, value));
        client.apps()
                .controllerRevisions()
                .inNamespace(revision.getMetadata().getNamespace())
                .withName(revision.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Collections.singletonMap("metadata", metadata)));
    }

    @Override
    public void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences) {
        client.apps()
                .controllerRevisions()
                .inNamespace(revision.getMetadata().getNamespace())
                .withName(revision.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        OwnerReferencePatch.between(
                                revision.getMetadata(), ownerReferences, client.getKubernetesSerialization()));
    }
}
