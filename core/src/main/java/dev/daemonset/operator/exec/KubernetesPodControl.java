package dev.daemonset.operator.exec;

import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

public final class KubernetesPodControl implements PodControl {
    private final KubernetesClient client;
    private final Duration timeout;

    /** With the client's own request timeout. */
    public KubernetesPodControl(KubernetesClient client) {
        this(client, Duration.ofMillis(client.getConfiguration().getRequestTimeout()));
    }

    /**
     * @param client whose request configuration the create and patch use
     * @param timeout the request timeout of a delete; fabric8's raw requests do not take the
     *     client's request configuration, so it is given here
     */
    public KubernetesPodControl(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Pod create(Pod pod) {
        return client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .create();
    }

    /**
     * With a UID precondition, as upstream's controllers delete: the pod planned for deletion may have
     * been replaced by a new one of the same name (a StatefulSet-style name, a user's re-create), and that
     * one must not go in its place. A pod already gone (404), or replaced (409, the precondition failed),
     * was not deleted by this call: false.
     */
    @Override
    public boolean delete(String namespace, String name, String uid) {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy(DeletionPropagation.BACKGROUND.toString());
        if (uid != null) {
            options.setPreconditions(new Preconditions(null, uid));
        }
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(URLUtils.join(
                        client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods", name))
                .method(
                        "DELETE",
                        "application/json",
                        client.getKubernetesSerialization().asJson(options))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KubernetesClientException.launderThrowable(e);
        } catch (ExecutionException e) {
            // no answer (timeout, dropped connection): no code, so the delete counts as uncertain
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
        if (response.isSuccessful()) {
            return true;
        }
        if (response.code() == HttpURLConnection.HTTP_NOT_FOUND || response.code() == HttpURLConnection.HTTP_CONFLICT) {
            return false;
        }
        throw new KubernetesClientException(statusOf(response));
    }

    private Status statusOf(HttpResponse<String> response) {
        try {
            Status status = client.getKubernetesSerialization().unmarshal(response.body(), Status.class);
            if (status != null && status.getCode() != null) {
                return status;
            }
        } catch (RuntimeException notAStatus) {
            // a proxy's HTML page, say: the code is what matters
        }
        return new StatusBuilder()
                .withCode(response.code())
                .withMessage(response.body())
                .build();
    }

    /** A merge patch of the one label, with the pod's uid as a precondition, as upstream relabels. */
    @Override
    public void setRevisionHash(Pod pod, String hash) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", Map.of(DaemonPodFactory.REVISION_HASH_LABEL, hash));
        metadata.put("uid", pod.getMetadata().getUid());
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("metadata", metadata)));
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        OwnerReferencePatch.between(
                                pod.getMetadata(), ownerReferences, client.getKubernetesSerialization()));
    }
}
