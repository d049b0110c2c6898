package dev.daemonset.operator.controller;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.daemonset.operator.client.OperatorSerialization;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.module.SimpleModule;

/**
 * The client the pod informer lists and watches with: the operator's own connection and settings, but pods are
 * read only as far as the pod cache keeps them ({@link CachedPodDeserializer}), and watch events are read as
 * they stream in ({@link WatchedObjectDeserializer}). Every pod event of the cluster is decoded, three or more per
 * pod a DaemonSet creates, and every pod of the cluster at start-up; decoding each whole pod and then keeping a
 * few hundred bytes of it was most of the operator's CPU while a DaemonSet converged. Only the pod informer reads
 * this way: every other read of a pod (the CLI's, a create's answer) gets the whole pod.
 */
final class PodCacheClient implements AutoCloseable {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
            OperatorSerialization.mapper()
                    .addMixIn(WatchEvent.class, StreamedWatchEvent.class)
                    .addMixIn(ObjectMeta.class, MetadataOfCachedPods.class)
                    .addModule(new SimpleModule("pod-cache").addDeserializer(Pod.class, new CachedPodDeserializer()))
                    .build(),
            true);

    private final ExecutorService events = Executors.newCachedThreadPool(DaemonThreads.named("dds-pod-events-"));
    private final KubernetesClient client;

    /** Shares {@code operatorClient}'s HTTP client, which closing this leaves open. */
    PodCacheClient(KubernetesClient operatorClient) {
        this.client = new KubernetesClientImpl(
                operatorClient.getHttpClient(), operatorClient.getConfiguration(), () -> events, SERIALIZATION);
    }

    KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        events.shutdownNow();
    }

    /** The cache keeps no annotations, nor managedFields, and no event handler reads them. */
    @JsonIgnoreProperties(value = {"managedFields", "annotations"})
    private abstract static class MetadataOfCachedPods {}

    private abstract static class StreamedWatchEvent {
        @JsonDeserialize(using = WatchedObjectDeserializer.class)
        private Object object;

        // on the setter too: Jackson binds the property through it, and with the field alone fabric8's
        // deserializer stayed in use without a sign (only the allocation per event showed it)
        @JsonDeserialize(using = WatchedObjectDeserializer.class)
        abstract void setObject(Object object);
    }
}
