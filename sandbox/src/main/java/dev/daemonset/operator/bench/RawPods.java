package dev.daemonset.operator.bench;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor the operator is measured against: the same pods it would create (template, tolerations,
 * node affinity), created directly by one client, without an owner so that nothing adopts or collects
 * them.
 */
final class RawPods {
    static final String LABEL = "bench.daemonset.dev/raw";

    private final KubernetesClient client;
    private final String namespace;
    private final PodTemplateSpec template;

    RawPods(KubernetesClient client, String namespace, PodTemplateSpec template) {
        this.client = client;
        this.namespace = namespace;
        this.template = template;
    }

    /** Creates one pod per node with {@code parallelism} requests in flight; the wall time of all creates. */
    Duration createAll(List<String> nodes, int parallelism) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>(nodes.size());
            for (String node : nodes) {
                done.add(pool.submit(() -> create(node)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The median of {@code samples} single creates issued one after another. */
    Duration createRoundTrip(String node, int samples) {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            create(node);
            nanos[i] = System.nanoTime() - start;
        }
        return new Samples(nanos).median();
    }

    void deleteAll() {
        client.pods().inNamespace(namespace).withLabel(LABEL).delete();
    }

    private void create(String node) {
        client.pods().inNamespace(namespace).resource(podFor(node)).create();
    }

    private Pod podFor(String node) {
        DaemonSet owner = new DaemonSet();
        ObjectMeta meta = new ObjectMeta();
        meta.setName("raw");
        meta.setNamespace(namespace);
        meta.setUid(UUID.randomUUID().toString());
        owner.setMetadata(meta);
        Pod pod = DaemonPodFactory.newPod(owner, template, "raw", node);
        pod.getMetadata().setOwnerReferences(null);
        pod.getMetadata().setLabels(Map.of(LABEL, "true"));
        return pod;
    }
}
