package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;

/**
 * Puts the ConfigMap {@code kube-root-ca.crt} in every namespace, as kube-controller-manager's root CA
 * publisher does: every pod with a service account token mounts it (the {@code kube-api-access-*} projected
 * volume), and the simulated kubelet holds a pod back until what it mounts exists.
 */
public final class RootCaPublisher implements AutoCloseable {
    public static final String NAME = "kube-root-ca.crt";
    /** Not a real certificate: nothing in the sandbox verifies TLS with it. */
    private static final String CA = "-----BEGIN CERTIFICATE-----\nsandbox\n-----END CERTIFICATE-----\n";

    private final KubernetesClient client;
    private final SharedIndexInformer<Namespace> namespaces;

    RootCaPublisher(KubernetesClient client) {
        this.client = client;
        this.namespaces = client.namespaces().runnableInformer(0);
        namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                publish(ns.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace oldNs, Namespace ns) {
                // published on add; a deleted ConfigMap comes back only with a new namespace here
            }

            @Override
            public void onDelete(Namespace ns, boolean unknownFinalState) {
                // the namespace's objects go with it
            }
        });
    }

    CompletableFuture<Void> start() {
        return namespaces.start().toCompletableFuture();
    }

    private void publish(String namespace) {
        try {
            client.configMaps()
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(NAME)
                            .withNamespace(namespace)
                            .endMetadata()
                            .addToData("ca.crt", CA)
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            // 409: already there; 404/403: the namespace is going away
            if (e.getCode() != 409 && e.getCode() != 404 && e.getCode() != 403) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        namespaces.close();
    }
}
