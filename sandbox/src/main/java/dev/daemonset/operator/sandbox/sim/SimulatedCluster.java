package dev.daemonset.operator.sandbox.sim;

import dev.daemonset.operator.sandbox.apiserver.ApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Everything in the sandbox that is not the API server or the operator: the nodes, and the
 * scheduler, kubelet, node lifecycle controller, disruption controller and garbage collector that act
 * on them.
 */
public final class SimulatedCluster implements AutoCloseable {
    private static final int REGISTRATION_PARALLELISM = 16;
    private static final String KUBELET_USER_AGENT = "kubelet/v1.32.0 (linux/amd64) kubernetes/sandbox";
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final List<AutoCloseable> components;

    private SimulatedCluster(
            SharedIndexInformer<Pod> pods, SharedIndexInformer<Node> nodes, List<AutoCloseable> components) {
        this.pods = pods;
        this.nodes = nodes;
        this.components = components;
    }

    /** Creates the nodes and starts the simulated components; returns once their caches are synced. */
    public static SimulatedCluster start(KubernetesClient client, ApiServer server, int workers, Duration readyAfter)
            throws Exception {
        Clock clock = Clock.systemUTC();
        GarbageCollector gc =
                new GarbageCollector(server.store(), server.dispatcher(), server.registry(), server.deletePolicies());
        gc.start();
        DisruptionController disruption =
                new DisruptionController(server.store(), server.dispatcher(), server.registry(), clock);
        disruption.start();
        List<Node> initial = SimNodes.initialNodes(workers);
        registerNodes(client, initial, 0);
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
        PodsByNode.index(pods);
        Scheduler scheduler = new Scheduler(client, pods, nodes, clock);
        // the API server names a write's manager after its User-Agent: the pods' status entries in
        // managedFields then read "kubelet", as on a real node
        KubernetesClient kubeletClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withUserAgent(KUBELET_USER_AGENT)
                        .build())
                .build();
        SharedIndexInformer<ConfigMap> configMaps =
                client.configMaps().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<Secret> secrets = client.secrets().inAnyNamespace().runnableInformer(0);
        Kubelet kubelet = new Kubelet(kubeletClient, pods, nodes, configMaps, secrets, readyAfter, clock);
        RootCaPublisher rootCa = new RootCaPublisher(client);
        NodeLifecycle lifecycle = new NodeLifecycle(client, pods, nodes, clock, initial.size());
        for (int i = 0; i < initial.size(); i++) {
            lifecycle.register(initial.get(i).getMetadata().getName(), i);
        }
        SimulatedCluster cluster = new SimulatedCluster(
                pods,
                nodes,
                List.of(
                        scheduler,
                        kubelet,
                        kubeletClient,
                        lifecycle,
                        disruption,
                        gc,
                        rootCa,
                        configMaps::close,
                        secrets::close));
        try {
            CompletableFuture.allOf(
                            configMaps.start().toCompletableFuture(),
                            secrets.start().toCompletableFuture(),
                            rootCa.start(),
                            pods.start().toCompletableFuture(),
                            nodes.start().toCompletableFuture())
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Creates the nodes with a healthy status, as their kubelets would register them; node
     * {@code i} of the list gets the addresses of index {@code firstIndex + i}. One request at a time,
     * 5,000 nodes take two sequential round trips each; in parallel the server's write rate is the limit.
     */
    public static void registerNodes(KubernetesClient client, List<Node> nodes, int firstIndex) throws Exception {
        String now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.min(REGISTRATION_PARALLELISM, Math.max(1, nodes.size())));
        try {
            List<Future<?>> done = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    Node created = client.nodes().resource(nodes.get(index)).create();
                    created.setStatus(
                            SimNodes.healthyStatus(created.getMetadata().getName(), firstIndex + index, now));
                    client.nodes().resource(created).updateStatus();
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        pods.close();
        nodes.close();
        for (AutoCloseable c : components) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
