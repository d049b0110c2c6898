package dev.daemonset.operator.faults;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Graceful termination, which the sandbox kubelet does not simulate: pods carrying {@link #FINALIZER}
 * stay Terminating for {@code linger} after they are deleted, as a daemon that takes a while to shut
 * down would, then the finalizer is removed and the pod goes.
 */
final class PodTerminator implements AutoCloseable {
    static final String FINALIZER = "fault-suite.daemonset.dev/linger";

    private final KubernetesClient client;
    private final Duration linger;
    private final SharedIndexInformer<Pod> informer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-terminator");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    PodTerminator(KubernetesClient client, Duration linger) {
        this.client = client;
        this.linger = linger;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                maybeFinish(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                maybeFinish(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                scheduled.remove(pod.getMetadata().getUid());
            }
        });
    }

    private void maybeFinish(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null
                || pod.getMetadata().getFinalizers() == null
                || !pod.getMetadata().getFinalizers().contains(FINALIZER)
                || !scheduled.add(pod.getMetadata().getUid())) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        timer.schedule(
                () -> {
                    try {
                        client.pods()
                                .inNamespace(namespace)
                                .withName(name)
                                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
                    } catch (KubernetesClientException e) {
                        // gone already
                    }
                },
                linger.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        informer.close();
        timer.shutdownNow();
    }
}
