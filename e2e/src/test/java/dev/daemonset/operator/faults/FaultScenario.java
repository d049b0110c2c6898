package dev.daemonset.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One fault scenario's world: a sandbox (API server with the {@link FaultInjector} in front,
 * simulated scheduler and kubelet), the {@link InvariantMonitor}, the operator instances the
 * scenario starts and kills, and what it did for the report.
 */
final class FaultScenario implements AutoCloseable {
    static final String NAMESPACE = "default";
    static final String IMAGE_V1 = "registry.example/agent:1";
    static final String IMAGE_V2 = "registry.example/agent:2";
    static final Duration READY_AFTER = Duration.ofMillis(30);
    static final String CONTROL_PLANE_ROLE = "node-role.kubernetes.io/control-plane";
    /** An injected timeout holds the answer back past the shipped client's request timeout: the client gives up first. */
    static final Duration TIMED_OUT_ANSWER_HELD_FOR = OperatorClients.REQUEST_TIMEOUT.plusSeconds(5);

    private final String name;
    private final int nodes;
    private final long startedNanos;
    private final FaultInjector injector;
    private final Sandbox sandbox;
    private final InvariantMonitor monitor;
    private final List<OperatorInstance> instances = new ArrayList<>();
    private final List<String> foreignPods = new ArrayList<>();
    private final Set<String> foreignPodNodes = new java.util.HashSet<>();
    private PodTerminator terminator;
    private int kills;
    private int apiRestarts;
    private int nodeChanges;
    private int podsVerified;
    private String peakUnavailable = "-";
    private final List<String> figures = new ArrayList<>();
    private boolean passed;

    private FaultScenario(
            String name,
            int nodes,
            long startedNanos,
            FaultInjector injector,
            Sandbox sandbox,
            InvariantMonitor monitor) {
        this.name = name;
        this.startedNanos = startedNanos;
        this.nodes = nodes;
        this.injector = injector;
        this.sandbox = sandbox;
        this.monitor = monitor;
    }

    static FaultScenario start(String name, int workers, long seed) throws Exception {
        return start(name, workers, seed, READY_AFTER);
    }

    /** {@code readyAfter}: how long the simulated kubelet takes to make a pod Ready. */
    static FaultScenario start(String name, int workers, long seed, Duration readyAfter) throws Exception {
        long started = System.nanoTime();
        FaultInjector injector = new FaultInjector(seed, TIMED_OUT_ANSWER_HELD_FOR);
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults()
                .withNodes(workers)
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(readyAfter)
                .withOperator(false)
                .withApiWrapper(injector::wrap));
        try {
            return new FaultScenario(
                    name, workers, started, injector, sandbox, InvariantMonitor.start(sandbox.client(), injector));
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
    }

    FaultInjector injector() {
        return injector;
    }

    InvariantMonitor monitor() {
        return monitor;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** The test's own client: never faulted, never counted as the operator. */
    KubernetesClient client() {
        return sandbox.client();
    }

    OperatorInstance startOperator(String instance) {
        OperatorInstance op = OperatorInstance.start(sandbox.url(), instance);
        instances.add(op);
        return op;
    }

    OperatorInstance startOperator(OperatorInstance op) {
        instances.add(op);
        return op;
    }

    void kill(OperatorInstance op) {
        op.kill(injector);
        instances.remove(op);
        kills++;
    }

    /** Pods of lingering DaemonSets stay Terminating for {@code linger} once deleted. */
    void terminatePodsGracefully(Duration linger) {
        terminator = new PodTerminator(client(), linger);
    }

    void restartApiServer(Duration downtime) throws InterruptedException {
        restartApiServer(downtime, () -> {});
    }

    /** As {@link #restartApiServer(Duration)}; {@code whileDown} runs once every connection is closed. */
    void restartApiServer(Duration downtime, Runnable whileDown) throws InterruptedException {
        sandbox.apiServer().restart(downtime, whileDown);
        apiRestarts++;
    }

    void nodeChanged() {
        nodeChanges++;
    }

    /** A DaemonSet of {@value #IMAGE_V1} on every worker, rolling with {@code strategy}. */
    DaemonSet createDaemonSet(String dsName, RollingUpdateDaemonSet strategy, String containerName) {
        return createDaemonSet(dsName, strategy, containerName, false);
    }

    /**
     * As {@link #createDaemonSet(String, RollingUpdateDaemonSet, String)}; with {@code lingering}, its pods
     * stay Terminating for a while after they are deleted (see {@link #terminatePodsGracefully}).
     */
    /** As {@link #createDaemonSet(String, RollingUpdateDaemonSet, String)}, its container listening on {@code port}. */
    DaemonSet createDaemonSetWithPort(String dsName, RollingUpdateDaemonSet strategy, int port) {
        return createDaemonSet(dsName, strategy, "agent", false, port);
    }

    DaemonSet createDaemonSet(String dsName, RollingUpdateDaemonSet strategy, String containerName, boolean lingering) {
        return createDaemonSet(dsName, strategy, containerName, lingering, null);
    }

    private DaemonSet createDaemonSet(
            String dsName, RollingUpdateDaemonSet strategy, String containerName, boolean lingering, Integer port) {
        DaemonSet ds = new DaemonSet();
        ds.setMetadata(new ObjectMeta());
        ds.getMetadata().setName(dsName);
        ds.getMetadata().setNamespace(NAMESPACE);
        DaemonSetSpec spec = new DaemonSetSpec();
        spec.setSelector(new LabelSelector(null, Map.of("app", dsName)));
        PodTemplateSpec template = new PodTemplateSpec();
        template.setMetadata(new ObjectMeta());
        template.getMetadata().setLabels(new LinkedHashMap<>(Map.of("app", dsName)));
        if (lingering) {
            template.getMetadata().setFinalizers(new ArrayList<>(List.of(PodTerminator.FINALIZER)));
        }
        Container container = new Container();
        container.setName(containerName);
        container.setImage(IMAGE_V1);
        if (port != null) {
            ContainerPort containerPort = new ContainerPort();
            containerPort.setContainerPort(port);
            container.setPorts(new ArrayList<>(List.of(containerPort)));
        }
        PodSpec podSpec = new PodSpec();
        podSpec.setContainers(new ArrayList<>(List.of(container)));
        template.setSpec(podSpec);
        spec.setTemplate(template);
        DaemonSetUpdateStrategy update = new DaemonSetUpdateStrategy();
        update.setType(UpdateStrategyType.RollingUpdate);
        update.setRollingUpdate(strategy);
        spec.setUpdateStrategy(update);
        ds.setSpec(spec);
        DaemonSet created = client().resources(DaemonSet.class)
                .inNamespace(NAMESPACE)
                .resource(ds)
                .create();
        monitor.watch(created, isNonZero(strategy.getMaxSurge()));
        return created;
    }

    private static boolean isNonZero(IntOrString v) {
        if (v == null) {
            return false;
        }
        return v.getIntVal() != null
                ? v.getIntVal() != 0
                : !v.getStrVal().replace("%", "").trim().equals("0");
    }

    static RollingUpdateDaemonSet maxUnavailable(String value) {
        RollingUpdateDaemonSet r = new RollingUpdateDaemonSet();
        r.setMaxUnavailable(intOrPercent(value));
        r.setMaxSurge(new IntOrString(0));
        return r;
    }

    /** A new pod beside the old one, at most {@code value} nodes at a time; the old one goes once the new one is Ready. */
    static RollingUpdateDaemonSet maxSurge(String value) {
        RollingUpdateDaemonSet r = new RollingUpdateDaemonSet();
        r.setMaxUnavailable(new IntOrString(0));
        r.setMaxSurge(intOrPercent(value));
        return r;
    }

    private static IntOrString intOrPercent(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    /**
     * Pods the operator must never delete: one with the DaemonSet's labels but controlled by another
     * controller, and one orphan with other labels, both running on workers.
     */
    void addForeignPods(String dsName) {
        List<String> workers = new ArrayList<>(workerNodes());
        Pod controlledElsewhere = new PodBuilder()
                .withNewMetadata()
                .withName(dsName + "-not-ours")
                .withNamespace(NAMESPACE)
                .withLabels(Map.of("app", dsName))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("ReplicaSet")
                        .withName("someone-else")
                        .withUid(UUID.randomUUID().toString())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withNodeName(workers.get(0))
                .addNewContainer()
                .withName("other")
                .withImage("other:1")
                .endContainer()
                .endSpec()
                .build();
        Pod orphan = new PodBuilder()
                .withNewMetadata()
                .withName(dsName + "-bystander")
                .withNamespace(NAMESPACE)
                .withLabels(Map.of("app", "bystander"))
                .endMetadata()
                .withNewSpec()
                .withNodeName(workers.get(workers.size() - 1))
                .addNewContainer()
                .withName("other")
                .withImage("other:1")
                .endContainer()
                .endSpec()
                .build();
        for (Pod p : List.of(controlledElsewhere, orphan)) {
            client().pods().inNamespace(NAMESPACE).resource(p).create();
            foreignPods.add(p.getMetadata().getName());
            foreignPodNodes.add(p.getSpec().getNodeName());
        }
    }

    /** Nodes running {@link #addForeignPods foreign pods}: deleting one would take its pods along. */
    Set<String> foreignPodNodes() {
        return Set.copyOf(foreignPodNodes);
    }

    /** Worker nodes now: every node but the control plane. */
    Set<String> workerNodes() {
        return client().nodes().list().getItems().stream()
                .filter(n -> n.getMetadata().getLabels() == null
                        || !n.getMetadata().getLabels().containsKey(CONTROL_PLANE_ROLE))
                .map(n -> n.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Changes the DaemonSet as a user would, retrying when someone else wrote it in between. */
    DaemonSet edit(String dsName, UnaryOperator<DaemonSet> change) {
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return client().resources(DaemonSet.class)
                        .inNamespace(NAMESPACE)
                        .withName(dsName)
                        .edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    DaemonSet startRollout(String dsName, String image) {
        return edit(dsName, ds -> {
            ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return ds;
        });
    }

    DaemonSet current(String dsName) {
        return client().resources(DaemonSet.class)
                .inNamespace(NAMESPACE)
                .withName(dsName)
                .get();
    }

    /**
     * Waits until every worker has exactly one Ready pod of {@code image} on the DaemonSet's update
     * revision, nothing else of it runs, and the status says so; counts the pods verified.
     */
    void awaitRolledOut(String dsName, String image, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertRolledOut(dsName, image));
        podsVerified += assertRolledOut(dsName, image);
    }

    private int assertRolledOut(String dsName, String image) {
        DaemonSet ds = current(dsName);
        DaemonSetStatus status = ds.getStatus();
        assertThat(status).as("status of %s", dsName).isNotNull();
        assertThat(status.getUpdateRevision()).as("updateRevision").isNotNull();
        String hash =
                status.getUpdateRevision().substring(status.getUpdateRevision().lastIndexOf('-') + 1);
        Set<String> workers = workerNodes();
        Map<String, List<Pod>> byNode = new java.util.TreeMap<>();
        for (Pod p : client().pods().inNamespace(NAMESPACE).list().getItems()) {
            var c = InvariantMonitor.controllerOf(p);
            if (c != null && c.getUid().equals(ds.getMetadata().getUid())) {
                byNode.computeIfAbsent(String.valueOf(InvariantMonitor.targetNode(p)), k -> new ArrayList<>())
                        .add(p);
            }
        }
        assertThat(byNode.keySet()).as("nodes with a pod of %s", dsName).isEqualTo(workers);
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            assertThat(e.getValue())
                    .as("pods of %s on %s", dsName, e.getKey())
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(InvariantMonitor.isDeleting(p))
                                .as("terminating")
                                .isFalse();
                        assertThat(p.getSpec().getContainers().get(0).getImage())
                                .as("image")
                                .isEqualTo(image);
                        assertThat(p.getMetadata().getLabels())
                                .as("revision")
                                .containsEntry("controller-revision-hash", hash);
                        assertThat(InvariantMonitor.isReady(p)).as("Ready").isTrue();
                    });
        }
        int n = workers.size();
        assertThat(status.getObservedGeneration())
                .as("observedGeneration")
                .isEqualTo(ds.getMetadata().getGeneration());
        assertThat(status.getDesiredNumberScheduled()).as("desired").isEqualTo(n);
        assertThat(status.getCurrentNumberScheduled()).as("current").isEqualTo(n);
        assertThat(status.getUpdatedNumberScheduled()).as("updated").isEqualTo(n);
        assertThat(status.getNumberReady()).as("ready").isEqualTo(n);
        assertThat(status.getNumberAvailable()).as("available").isEqualTo(n);
        assertThat(status.getNumberUnavailable()).as("unavailable").isZero();
        assertThat(status.getNumberMisscheduled()).as("misscheduled").isZero();
        assertThat(status.getCurrentRevision()).as("currentRevision").isEqualTo(status.getUpdateRevision());
        return n;
    }

    /** The invariants held throughout, and the pods nobody should touch are still there. */
    void assertInvariantsHeld() {
        assertThat(monitor.violations()).as("invariant violations").isEmpty();
        assertThat(monitor.foreignDeletes())
                .as("pods deleted by an operator that its DaemonSets do not control")
                .isEmpty();
        for (String pod : foreignPods) {
            assertThat(client().pods().inNamespace(NAMESPACE).withName(pod).get())
                    .as("foreign pod %s", pod)
                    .isNotNull();
        }
    }

    void recordPeak(DaemonSet ds, int maxUnavailable) {
        peakUnavailable = monitor.peakUnavailable(ds) + "/" + maxUnavailable;
    }

    void recordPeaks(DaemonSet ds, int maxUnavailable, int maxSurge) {
        peakUnavailable =
                monitor.peakUnavailable(ds) + "/" + maxUnavailable + " s" + monitor.peakSurging(ds) + "/" + maxSurge;
    }

    void passed() {
        passed = true;
    }

    /** Something the scenario measured, printed now and in the summary. */
    void figure(String text) {
        System.out.println(name + ": " + text);
        figures.add(text);
    }

    /** The operators' writes of pods, status and revisions (not events or leases) that reached the API server. */
    List<OperatorCall> operatorWrites() {
        return injector.calls().stream()
                .filter(c -> c.isWrite() && !c.isLease() && !c.isEvent())
                .toList();
    }

    Node node(String nodeName) {
        return client().nodes().withName(nodeName).get();
    }

    @Override
    public void close() {
        FaultSuiteReport.add(new FaultSuiteReport.Row(
                name,
                nodes,
                Duration.ofNanos(System.nanoTime() - startedNanos),
                injector.counts(),
                kills,
                apiRestarts,
                nodeChanges,
                operatorWrites().size(),
                monitor.podEvents(),
                monitor.checks(),
                podsVerified,
                peakUnavailable,
                List.copyOf(figures),
                passed));
        for (OperatorInstance op : instances) {
            try {
                op.close();
            } catch (RuntimeException e) {
                // the sandbox goes next anyway
            }
        }
        if (terminator != null) {
            terminator.close();
        }
        monitor.close();
        sandbox.close();
    }
}
