package dev.daemonset.operator.cli.drain;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;

/** The writes and reads of a drain: cordon, list the node's pods, evict one pod, look one pod up. */
final class EvictionClient {
    /** How one eviction request ended. */
    enum Outcome {
        /** Accepted: the pod is being deleted (or would be, in a server dry run). */
        EVICTED,
        /** The pod no longer exists. */
        GONE,
        /** 429: a PodDisruptionBudget allows no disruption now; try again later. */
        BLOCKED
    }

    private final KubernetesClient client;
    private final DryRun dryRun;

    EvictionClient(KubernetesClient client, DryRun dryRun) {
        this.client = client;
        this.dryRun = dryRun;
    }

    /** The node, or null when it does not exist. */
    io.fabric8.kubernetes.api.model.Node node(String name) {
        return client.nodes().withName(name).get();
    }

    /** Marks the node unschedulable (a merge patch of spec.unschedulable, as kubectl cordon does). */
    void cordon(String node) {
        String patch = "{\"spec\":{\"unschedulable\":true}}";
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        var resource = client.nodes().withName(node);
        if (dryRun == DryRun.server) {
            resource.dryRun().patch(merge, patch);
        } else {
            resource.patch(merge, patch);
        }
    }

    /** The pods bound to the node in every namespace, narrowed by a label selector when one is given. */
    List<Pod> podsOn(String node, String podSelector) {
        var pods = client.pods().inAnyNamespace().withField("spec.nodeName", node);
        if (podSelector != null && !podSelector.isBlank()) {
            pods = pods.withLabelSelector(podSelector);
        }
        // the server filters by node; checked again so that a server ignoring the field selector cannot widen a drain
        return pods.list().getItems().stream()
                .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .toList();
    }

    /**
     * POSTs a policy/v1 Eviction for the pod, so that PodDisruptionBudgets hold.
     *
     * @param gracePeriodSeconds the pod's termination grace period to use, negative for the pod's own
     * @throws KubernetesClientException for any answer other than success, 404 and 429; and for a 404 while the
     *     pod still exists (a server that does not serve pods/eviction)
     */
    Outcome evict(Pod pod, int gracePeriodSeconds) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(pod.getMetadata().getName());
        meta.setNamespace(pod.getMetadata().getNamespace());
        DeleteOptions options = new DeleteOptions();
        if (gracePeriodSeconds >= 0) {
            options.setGracePeriodSeconds((long) gracePeriodSeconds);
        }
        if (dryRun == DryRun.server) {
            options.setDryRun(List.of("All"));
        }
        Eviction eviction = new Eviction("policy/v1", options, "Eviction", meta);
        try {
            return client.pods()
                            .inNamespace(meta.getNamespace())
                            .withName(meta.getName())
                            .evict(eviction)
                    ? Outcome.EVICTED
                    : Outcome.BLOCKED;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            Pod now = current(pod);
            if (now != null
                    && java.util.Objects.equals(
                            now.getMetadata().getUid(), pod.getMetadata().getUid())) {
                // no Status: its "not found" would hide that the pod is there and only the subresource is missing
                throw new KubernetesClientException(
                        "the server does not serve pods/eviction: it answered 404 for a pod " + "that exists");
            }
            return Outcome.GONE;
        }
    }

    /** The pod as stored now under the same namespace and name (possibly a new pod with another UID), or null. */
    Pod current(Pod pod) {
        return client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .get();
    }
}
