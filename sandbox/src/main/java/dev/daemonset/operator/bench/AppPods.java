package dev.daemonset.operator.bench;

import dev.daemonset.operator.sandbox.sim.RootCaPublisher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ordinary application pods on every node, owned by ReplicaSets in a few team namespaces, as a real
 * cluster runs ten or more per node. The operator owns none of them and caches all of them: they are
 * most of what its pod cache holds.
 */
final class AppPods {
    static final String NAMESPACE_PREFIX = "team-";
    /** The Secret and key bench/app-pod.yaml reads an environment variable from. */
    private static final String DATABASE_SECRET = "checkout-db";

    private static final String DATABASE_SECRET_KEY = "url";
    static final int NAMESPACES = 10;
    /** Replicas per ReplicaSet: a few hundred Deployments in a 5,000-node cluster. */
    private static final int PODS_PER_REPLICASET = 100;

    private static final int PARALLELISM = 16;
    private static final Pod APP_POD = BenchResources.load("app-pod.yaml", Pod.class);

    private final KubernetesClient client;

    AppPods(KubernetesClient client) {
        this.client = client;
    }

    /** Creates {@code perNode} pods on each node, bound to it as the scheduler would; returns how many. */
    long create(List<String> nodes, int perNode) throws Exception {
        if (perNode == 0) {
            return 0;
        }
        for (int ns = 0; ns < NAMESPACES; ns++) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE_PREFIX + ns)
                            .endMetadata()
                            .build())
                    .create();
            // what the application pods read into their environment: without it they would never start
            client.secrets()
                    .inNamespace(NAMESPACE_PREFIX + ns)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(DATABASE_SECRET)
                            .endMetadata()
                            .addToStringData(DATABASE_SECRET_KEY, "postgres://checkout-db:5432/checkout")
                            .build())
                    .create();
        }
        // their service-account volume mounts kube-root-ca.crt, which the sandbox publishes in a new namespace
        // moments after it is made, as a cluster does: a pod bound before it would be held back and written twice
        for (int ns = 0; ns < NAMESPACES; ns++) {
            String namespace = NAMESPACE_PREFIX + ns;
            ClusterWatch.await(
                    RootCaPublisher.NAME + " in " + namespace,
                    Duration.ofSeconds(30),
                    Duration.ofMillis(10),
                    () -> client.configMaps()
                                    .inNamespace(namespace)
                                    .withName(RootCaPublisher.NAME)
                                    .get()
                            != null);
        }
        long total = (long) nodes.size() * perNode;
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
        try {
            List<Future<?>> done = new ArrayList<>();
            ReplicaSet owner = null;
            for (long i = 0; i < total; i++) {
                if (i % PODS_PER_REPLICASET == 0) {
                    owner = replicaSet((int) (i / PODS_PER_REPLICASET));
                }
                Pod pod = pod(owner, i, nodes.get((int) (i % nodes.size())));
                done.add(pool.submit(() -> client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .resource(pod)
                        .create()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return total;
    }

    private ReplicaSet replicaSet(int index) {
        String app = "svc-" + index;
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(app + "-" + hash(index))
                .withNamespace(NAMESPACE_PREFIX + (index % NAMESPACES))
                .withLabels(Map.of("app", app, "pod-template-hash", hash(index)))
                .endMetadata()
                .withNewSpec()
                .withReplicas(PODS_PER_REPLICASET)
                .withNewSelector()
                .withMatchLabels(Map.of("app", app, "pod-template-hash", hash(index)))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", app, "pod-template-hash", hash(index)))
                .endMetadata()
                .withSpec(APP_POD.getSpec())
                .endTemplate()
                .endSpec()
                .build();
        return client.apps().replicaSets().resource(rs).create();
    }

    private static Pod pod(ReplicaSet owner, long index, String node) {
        OwnerReference ref = new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        return new PodBuilder(APP_POD)
                .editMetadata()
                .withName(owner.getMetadata().getName() + "-" + suffix(index))
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(owner.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(ref)
                .endMetadata()
                .editSpec()
                .withNodeName(node)
                .endSpec()
                .build();
    }

    /** Ten characters, as a ReplicaSet's pod-template-hash is. */
    private static String hash(int index) {
        return String.format("%010x", (index * 2654435761L) & 0xffffffffffL).substring(0, 10);
    }

    /** Five characters, as the pod name suffix the ReplicaSet controller generates. */
    private static String suffix(long index) {
        return String.format("%05x", index & 0xfffffL);
    }
}
