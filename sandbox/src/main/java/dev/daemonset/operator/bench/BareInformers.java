package dev.daemonset.operator.bench;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plain informers on what the operator caches (nodes, pods, DaemonSets, ControllerRevisions), without
 * indexes or handlers: the heap the cached API objects take by themselves, the baseline the operator's
 * own memory is measured beyond. Started before the pods exist, they fill by watch events, as the
 * operator's caches do.
 */
final class BareInformers implements AutoCloseable {
    private final List<SharedIndexInformer<?>> informers;

    BareInformers(KubernetesClient client) throws Exception {
        informers = List.of(
                client.nodes().runnableInformer(0),
                client.pods().inAnyNamespace().runnableInformer(0),
                client.resources(DaemonSet.class).inAnyNamespace().runnableInformer(0),
                client.apps().controllerRevisions().inAnyNamespace().runnableInformer(0));
        CompletableFuture.allOf(informers.stream()
                        .map(i -> i.start().toCompletableFuture())
                        .toArray(CompletableFuture[]::new))
                .get(5, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
