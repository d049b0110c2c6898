package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
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

  /**
   * With a UID precondition, as upstream's controllers delete: the pod planned for deletion may have
   * been replaced by a new one of the same name (a StatefulSet-style name, a user's re-create), and that
   * one must not go in its place. A pod already gone, or replaced, was not deleted by this call.
   */
  @Override
  public boolean delete(String namespace, String name, String uid) {
    DeleteOptions options = new DeleteOptions();
    options.setPropagationPolicy(DeletionPropagation.BACKGROUND.toString());
    if (uid != null) {
      options.setPreconditions(new Preconditions(null, uid));
    }
    try {
      client.raw("/api/v1/namespaces/" + namespace + "/pods/" + name, "DELETE", options);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
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
