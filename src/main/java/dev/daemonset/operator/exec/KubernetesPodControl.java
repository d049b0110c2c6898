package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class KubernetesPodControl implements PodControl {
  private final KubernetesClient client;

  public KubernetesPodControl(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Pod create(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  @Override
  public boolean delete(String namespace, String name, String uid) {
    return !client.pods().inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete().isEmpty();
  }

  @Override
  public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", pod.getMetadata().getResourceVersion());
    // null rather than []: both mean "no references" in a merge patch, and the mock server ignores []
    metadata.put("ownerReferences", ownerReferences.isEmpty() ? null : ownerReferences);
    String patch = client.getKubernetesSerialization().asJson(java.util.Collections.singletonMap("metadata", metadata));
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }
}
