package dev.daemonset.operator.bench;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The benchmark's own view of the cluster, as {@code kubectl get -w} would see it: informers on pods
 * and DaemonSets, so that waiting for a condition costs the API server nothing.
 */
final class ClusterWatch implements AutoCloseable {
    private static final String BY_NODE = "byNode";
    private static final String BY_OWNER = "byOwner";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<DaemonSet> daemonSets;

    ClusterWatch(KubernetesClient client) throws Exception {
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        // the benchmark reads owners, nodes and readiness: at 150,000 pods their managedFields, specs and
        // annotations would take gigabytes of its heap, and its collections would slow the API server
        pods.itemStore(new BasicItemStore<>(Cache::metaNamespaceKeyFunc) {
            @Override
            public Pod put(String key, Pod pod) {
                pod.getMetadata().setManagedFields(null);
                pod.getMetadata().setAnnotations(null);
                if (pod.getSpec() != null) {
                    String node = pod.getSpec().getNodeName();
                    Affinity affinity = pod.getSpec().getAffinity();
                    PodSpec kept = new PodSpec();
                    kept.setNodeName(node);
                    kept.setAffinity(affinity);
                    pod.setSpec(kept);
                }
                return super.put(key, pod);
            }
        });
        pods.addIndexers(Map.of(
                BY_NODE,
                        pod -> {
                            String node = PodTargets.targetNode(pod);
                            return node == null ? List.of() : List.of(node);
                        },
                BY_OWNER,
                        pod -> {
                            List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
                            return refs == null
                                    ? List.of()
                                    : refs.stream().map(OwnerReference::getUid).toList();
                        }));
        daemonSets = client.resources(DaemonSet.class).inAnyNamespace().runnableInformer(0);
        CompletableFuture.allOf(
                        pods.start().toCompletableFuture(), daemonSets.start().toCompletableFuture())
                .get(2, TimeUnit.MINUTES);
    }

    int podsTargeting(String node) {
        return pods.getIndexer().byIndex(BY_NODE, node).size();
    }

    List<Pod> podsOwnedBy(String uid) {
        return pods.getIndexer().byIndex(BY_OWNER, uid);
    }

    int podsIn(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).size();
    }

    long readyPodsIn(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(PodConditions::isReady)
                .count();
    }

    List<Pod> allPods() {
        return pods.getStore().list();
    }

    DaemonSet daemonSet(String namespace, String name) {
        return daemonSets.getStore().getByKey(namespace + "/" + name);
    }

    DaemonSetStatus statusOf(String namespace, String name) {
        DaemonSet ds = daemonSet(namespace, name);
        return ds == null ? null : ds.getStatus();
    }

    /** Polls every millisecond: the conditions are cache lookups, and a coarser poll would blur short timings. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws TimeoutException {
        await(what, timeout, Duration.ofNanos(POLL_NANOS), condition);
    }

    static void await(String what, Duration timeout, Duration poll, BooleanSupplier condition) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(poll.toNanos());
        }
    }

    @Override
    public void close() {
        pods.close();
        daemonSets.close();
    }
}
