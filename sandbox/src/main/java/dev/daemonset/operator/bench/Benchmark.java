package dev.daemonset.operator.bench;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.controller.DaemonSetKey;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.SandboxOptions;
import dev.daemonset.operator.sandbox.sim.SimNodes;
import dev.daemonset.operator.sandbox.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run against the sandbox's embedded API server, with simulated scheduler and kubelets
 * (pods Ready at once) and the operator in this process, on a client whose writes the server counts.
 *
 * <p>Phases, in order: the sync time of one DaemonSet on N/10 nodes; the remaining nodes join in bulk;
 * T_raw (N pod creates by one client, the fastest of several parallelisms); convergence of one
 * DaemonSet on N nodes, repeated, each repetition right after T_raw sampled again at the fastest
 * parallelism (the median and extremes of T_conv over that sample, and the median repetition's writes);
 * a rolling update of it (before the store grows, so that it is compared with T_raw at the
 * same store size); D-1 more DaemonSets, until all N x D pods are Ready; a resync of everything
 * (writes, and one DaemonSet's sync time); nodes joining one at a time; then, with
 * application pods on every node, the start-up and live heap of the operator as it ships, in a JVM of its own.
 */
public final class Benchmark {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
    static final String RAW_NAMESPACE = "bench-raw";
    static final String OPERATOR_TAG = "operator";
    private static final int SYNC_WARMUP = 5;
    private static final int SYNC_RUNS = 15;
    private static final int ROUND_TRIP_SAMPLES = 21;
    /**
     * Repetitions of the convergence, whose median is reported: single samples of the same build were
     * 0.93 and 1.44 of T_raw in two runs.
     */
    static final int CONVERGENCE_RUNS = 3;
    /**
     * Nodes joined one after another for the node-join figure; the median is reported. Of 5, the median of
     * single joins of about 10 ms moved between 1.01 and 1.41 of the floor from run to run.
     */
    public static final int JOIN_SAMPLES = 11;
    /** Status writes are paced to one per second: a resync's late writes would land within this. */
    private static final Duration QUIET = Duration.ofMillis(1500);
    /** For waits that are not timed: scanning thousands of pods every millisecond would steal CPU. */
    private static final Duration SLOW_POLL = Duration.ofMillis(50);

    private final BenchOptions options;
    private final BenchResult result = new BenchResult();
    private Sandbox sandbox;
    private TaggedWrites operatorWrites;
    private KubernetesClient benchClient;
    /** T_raw's client: of its own, as the operator's is, not sharing a connection with the benchmark's watch. */
    private KubernetesClient rawClient;

    private ClusterWatch watch;
    private BenchDaemonSets daemonSets;
    private RawPods raw;
    private final SyncTimes syncTimes = new SyncTimes();
    private KubernetesClient operatorClient;
    private Operator operator;
    /** T_raw's sweep: the parallelism whose time is sampled again beside each convergence. */
    private RawFloor rawFloor;

    private Benchmark(BenchOptions options) {
        this.options = options;
    }

    public static BenchResult run(BenchOptions options) throws Exception {
        Benchmark b = new Benchmark(options);
        try {
            b.execute();
        } finally {
            b.close();
        }
        return b.result;
    }

    private void execute() throws Exception {
        int n = options.nodes();
        int d = options.daemonSets();
        result.put("nodes", n);
        result.put("daemonsets", d);
        result.put("pods", (long) n * d);
        result.put("write_parallelism", Operator.WRITE_PARALLELISM);
        result.put("available_processors", Runtime.getRuntime().availableProcessors());
        startCluster();
        syncAtTenth();
        joinRemainingNodes();
        measureRaw();
        measureConvergence();
        measureRollingUpdate();
        fillDaemonSets();
        measureSteadyState();
        measureNodeJoin();
        measureFootprint();
    }

    private void startCluster() throws Exception {
        long start = System.nanoTime();
        progress("starting the sandbox with %d nodes (N/10)", options.tenth());
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withNodes(options.tenth())
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(Duration.ZERO)
                .withOperator(false));
        operatorWrites = TaggedWrites.on(sandbox.apiServer(), OPERATOR_TAG);
        benchClient = Sandbox.newClient(sandbox.url());
        benchClient
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(RAW_NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        // the node agent mounts its ConfigMap: without it the kubelet holds every pod back, as a cluster's would
        for (String ns : List.of(BenchDaemonSets.NAMESPACE, RAW_NAMESPACE)) {
            benchClient
                    .configMaps()
                    .inNamespace(ns)
                    .resource(BenchDaemonSets.agentConfig(ns))
                    .create();
        }
        watch = new ClusterWatch(benchClient);
        daemonSets = new BenchDaemonSets(benchClient);
        rawClient = Sandbox.newClient(sandbox.url());
        raw = new RawPods(
                rawClient, RAW_NAMESPACE, BenchDaemonSets.template(Map.of("app", "raw"), BenchDaemonSets.IMAGE_V1));
        result.putMillis("setup_small_cluster_ms", Duration.ofNanos(System.nanoTime() - start));
    }

    private void syncAtTenth() throws Exception {
        int tenth = options.tenth();
        startOperator();
        progress("sync time at N/10 = %d nodes", tenth);
        DaemonSet ds = daemonSets.create("bench-tenth");
        awaitReady("bench-tenth", tenth, timeoutFor(tenth));
        awaitOperatorIdle();
        result.putMillis("sync_ms_at_tenth_n", syncTimes.median(operator, DaemonSetKey.of(ds), SYNC_WARMUP, SYNC_RUNS));
        daemonSets.delete("bench-tenth");
        ClusterWatch.await(
                "the pods of bench-tenth to go",
                timeoutFor(tenth),
                () -> watch.podsOwnedBy(ds.getMetadata().getUid()).isEmpty());
        stopOperator();
    }

    private void joinRemainingNodes() throws Exception {
        int n = options.nodes();
        progress("registering nodes %d..%d", options.tenth() + 1, n);
        long start = System.nanoTime();
        List<Node> joining = new ArrayList<>();
        for (int i = options.tenth() + 1; i <= n; i++) {
            joining.add(SimNodes.worker(i));
        }
        SimulatedCluster.registerNodes(benchClient, joining, options.tenth() + 1);
        result.putMillis("setup_join_nodes_ms", Duration.ofNanos(System.nanoTime() - start));
    }

    private void measureRaw() throws Exception {
        int n = options.nodes();
        // untimed, so that T_raw is not charged for warming the JIT up that T_conv later profits from
        progress("warming up: %d raw pod creates and deletes", options.tenth());
        raw.createAll(workerNames(options.tenth()), Operator.WRITE_PARALLELISM);
        raw.deleteAll();
        ClusterWatch.await("the warm-up pods to go", timeoutFor(n), () -> watch.podsIn(RAW_NAMESPACE) == 0);
        Map<Integer, Duration> byParallelism = new LinkedHashMap<>();
        for (int parallelism : RawFloor.parallelisms(Operator.WRITE_PARALLELISM)) {
            progress("T_raw: %d pod creates by one client, %d in flight", n, parallelism);
            Duration took = rawCreates(parallelism);
            byParallelism.put(parallelism, took);
            result.putMillis("t_raw_ms_at_parallelism_" + parallelism, took);
        }
        rawFloor = RawFloor.fastest(byParallelism);
        result.putMillis("t_raw_ms", rawFloor.time());
        result.put("t_raw_parallelism", rawFloor.parallelism());
        result.putMillis("t_raw_ms_at_write_parallelism", byParallelism.get(Operator.WRITE_PARALLELISM));
    }

    /**
     * N raw pod creates at {@code parallelism}, timed; then, untimed, until the simulators have bound and readied
     * them and they are deleted and gone, so that the next timing starts from a quiet server with no raw pods.
     */
    private Duration rawCreates(int parallelism) throws Exception {
        int n = options.nodes();
        Duration took = raw.createAll(workerNames(n), parallelism);
        ClusterWatch.await(
                "the raw pods to be ready", timeoutFor(n), SLOW_POLL, () -> watch.readyPodsIn(RAW_NAMESPACE) == n);
        raw.deleteAll();
        ClusterWatch.await("the raw pods to go", timeoutFor(n), () -> watch.podsIn(RAW_NAMESPACE) == 0);
        return took;
    }

    /** What one repetition of the convergence measured, and T_raw's floor sampled right before it. */
    private record Convergence(
            Duration tRaw,
            String uid,
            Duration tConv,
            WriteCount writes,
            long syncs,
            Duration tReady,
            WriteCount settled) {
        double ratio() {
            return tConv.toNanos() / (double) tRaw.toNanos();
        }
    }

    private void measureConvergence() throws Exception {
        int n = options.nodes();
        List<Convergence> runs = new ArrayList<>();
        for (int run = 1; run <= CONVERGENCE_RUNS; run++) {
            if (run > 1) {
                removeConverged(runs.get(runs.size() - 1).uid());
                stopOperator();
            }
            // the floor again, right before the repetition and with no operator running, as in the sweep: the
            // server's speed drifts during a run by more than the target's margin, and a ratio of two samples
            // taken minutes apart carried that drift
            progress(
                    "T_raw beside T_conv, %d of %d: %d pod creates, %d in flight",
                    run, CONVERGENCE_RUNS, n, rawFloor.parallelism());
            Duration tRaw = rawCreates(rawFloor.parallelism());
            startOperator();
            progress("T_conv, %d of %d: one DaemonSet on %d nodes", run, CONVERGENCE_RUNS, n);
            runs.add(convergeOnce(tRaw));
        }
        // the median of the repetitions' own ratios; of an even number, the upper middle one, as Samples does
        List<Convergence> byRatio = runs.stream()
                .sorted(Comparator.comparingDouble(Convergence::ratio))
                .toList();
        Convergence median = byRatio.get(byRatio.size() / 2);
        Samples tConvs =
                new Samples(runs.stream().mapToLong(r -> r.tConv().toNanos()).toArray());
        result.putMillis("t_conv_ms", tConvs.median());
        result.putMillis("t_conv_min_ms", tConvs.min());
        result.putMillis("t_conv_max_ms", tConvs.max());
        result.put("convergence_runs", runs.size());
        for (int i = 0; i < runs.size(); i++) {
            result.putMillis("t_conv_ms_run_" + (i + 1), runs.get(i).tConv());
            result.putMillis("t_raw_beside_ms_run_" + (i + 1), runs.get(i).tRaw());
        }
        result.putRatio("convergence_ratio", median.ratio());
        result.putRatio("convergence_ratio_min", byRatio.get(0).ratio());
        result.putRatio("convergence_ratio_max", byRatio.get(byRatio.size() - 1).ratio());
        result.putRatio("convergence_ratio_vs_sweep", tConvs.median().toNanos() / 1e6 / millisOf("t_raw_ms"));

        // the counts are the median repetition's, so that they go with convergence_ratio
        WriteCount writes = median.writes();
        result.put("convergence_syncs", median.syncs());
        result.put("convergence_pod_creates", writes.of(WriteKind.POD_CREATE));
        result.put("convergence_pod_deletes", writes.of(WriteKind.POD_DELETE));
        result.put("convergence_status_writes", writes.of(WriteKind.DAEMONSET_STATUS));
        result.put("convergence_event_writes", writes.of(WriteKind.EVENT));
        result.put("convergence_revision_writes", writes.of(WriteKind.CONTROLLER_REVISION));
        result.put(
                "convergence_other_writes",
                writes.of(WriteKind.POD_UPDATE) + writes.of(WriteKind.DAEMONSET_UPDATE) + writes.of(WriteKind.OTHER));
        result.putRatio("write_amplification", writes.podAndStatusWrites() / (double) n);
        result.putRatio(
                "write_amplification_with_events",
                (writes.podAndStatusWrites() + writes.of(WriteKind.EVENT)) / (double) n);
        result.putMillis("t_ready_ms", median.tReady());
        result.put("writes_until_ready_pods_and_status", median.settled().podAndStatusWrites());
        result.put("writes_until_ready_events", median.settled().of(WriteKind.EVENT));
    }

    /** Creates bench-1 and waits until it is Ready everywhere and the operator idle; bench-1 stays. */
    private Convergence convergeOnce(Duration tRaw) throws Exception {
        int n = options.nodes();
        // every repetition, the first too, starts as quiet as the others: no late writes of the phase before
        awaitOperatorIdle();
        Thread.sleep(QUIET.toMillis());
        WriteCount before = operatorWrites.snapshot();
        long syncsBefore = operator.syncCount();
        long start = System.nanoTime();
        String uid = daemonSets.create(name(1)).getMetadata().getUid();
        ClusterWatch.await("bench-1 to have a pod on every node", timeoutFor(n), () -> {
            DaemonSetStatus s = watch.statusOf(BenchDaemonSets.NAMESPACE, name(1));
            return s != null
                    && Objects.equals(s.getDesiredNumberScheduled(), n)
                    && Objects.equals(s.getCurrentNumberScheduled(), n);
        });
        Duration tConv = Duration.ofNanos(System.nanoTime() - start);
        WriteCount writes = operatorWrites.snapshot().minus(before);
        long syncs = operator.syncCount() - syncsBefore;
        awaitReady(name(1), n, timeoutFor(n));
        awaitOperatorIdle();
        Duration tReady = Duration.ofNanos(System.nanoTime() - start);
        WriteCount settled = operatorWrites.snapshot().minus(before);
        return new Convergence(tRaw, uid, tConv, writes, syncs, tReady, settled);
    }

    /**
     * Untimed, between repetitions: the next bench-1 is created on a store without the last one's pods, and
     * without its ControllerRevision, whose name (the DaemonSet's and the template's hash) the next one reuses.
     */
    private void removeConverged(String uid) throws Exception {
        int n = options.nodes();
        progress("deleting %s and waiting for its %d pods to go", name(1), n);
        daemonSets.delete(name(1));
        ClusterWatch.await(
                "the pods of " + name(1) + " to go",
                timeoutFor(n),
                SLOW_POLL,
                () -> watch.podsOwnedBy(uid).isEmpty());
        ClusterWatch.await(
                "the revisions of " + name(1) + " to go", Duration.ofMinutes(1), SLOW_POLL, () -> !ownsRevisions(uid));
        ClusterWatch.await(
                name(1) + " to go",
                Duration.ofMinutes(1),
                () -> watch.daemonSet(BenchDaemonSets.NAMESPACE, name(1)) == null);
    }

    private void fillDaemonSets() throws Exception {
        int n = options.nodes();
        int d = options.daemonSets();
        progress("converging %d more DaemonSets (%d pods in all)", d - 1, (long) n * d);
        long start = System.nanoTime();
        for (int i = 2; i <= d; i++) {
            daemonSets.create(name(i));
        }
        for (int i = 2; i <= d; i++) {
            awaitReady(name(i), n, timeoutFor((long) n * d));
        }
        awaitOperatorIdle();
        result.putMillis("fill_ms", Duration.ofNanos(System.nanoTime() - start));
    }

    private void measureSteadyState() throws Exception {
        progress("steady state: resync of all %d DaemonSets", options.daemonSets());
        awaitOperatorIdle();
        Thread.sleep(QUIET.toMillis());
        WriteCount before = operatorWrites.snapshot();
        long syncsBefore = operator.syncCount();
        operator.resyncAll();
        ClusterWatch.await(
                "the resync",
                Duration.ofMinutes(2),
                () -> operator.syncCount() >= syncsBefore + options.daemonSets() && operator.isIdle());
        Thread.sleep(QUIET.toMillis());
        result.put("resync_writes", operatorWrites.snapshot().minus(before).total());
        Duration atN = syncTimes.median(operator, key(name(1)), SYNC_WARMUP, SYNC_RUNS);
        result.putMillis("sync_ms_at_n", atN);
        result.putRatio("sync_growth", atN.toNanos() / 1e6 / millisOf("sync_ms_at_tenth_n"));
    }

    private void measureNodeJoin() throws Exception {
        int d = options.daemonSets();
        Duration roundTrip = raw.createRoundTrip(SimNodes.WORKER_PREFIX + 1, ROUND_TRIP_SAMPLES);
        int rawPods = ROUND_TRIP_SAMPLES;
        List<String> sameNode = Collections.nCopies(d, SimNodes.WORKER_PREFIX + 1);
        long[] floors = new long[JOIN_SAMPLES];
        long[] joins = new long[JOIN_SAMPLES];
        try (StoreArrivals arrivals = new StoreArrivals(sandbox.apiServer().store())) {
            for (int sample = 0; sample < JOIN_SAMPLES; sample++) {
                // the floor for a join on this server: the same D creates by one client, all in flight at once,
                // taken next to each join and as quiet as it, so that a change of load on the machine moves both
                awaitOperatorIdle();
                Thread.sleep(QUIET.toMillis());
                floors[sample] = raw.createAll(sameNode, d).toNanos();
                rawPods += d;
                int created = rawPods;
                ClusterWatch.await(
                        "the raw pods to be ready",
                        Duration.ofMinutes(1),
                        () -> watch.readyPodsIn(RAW_NAMESPACE) == created);

                awaitOperatorIdle();
                Thread.sleep(QUIET.toMillis());
                int index = options.nodes() + 1 + sample;
                String joining = SimNodes.WORKER_PREFIX + index;
                progress("node join: %s", joining);
                // from the node's arrival in the store to the last of its D pods': the node's own create is no work
                // of the operator's; the sandbox's node lifecycle then registers its status, as a kubelet would
                arrivals.watch(joining);
                benchClient.nodes().resource(SimNodes.worker(index)).create();
                ClusterWatch.await(
                        "a pod of every DaemonSet on " + joining,
                        Duration.ofMinutes(1),
                        () -> arrivals.podsForWatchedNode() >= d);
                joins[sample] = arrivals.nodeToLastPodNanos();
                for (int i = 1; i <= d; i++) {
                    awaitReady(name(i), index, Duration.ofMinutes(1));
                }
            }
        }
        raw.deleteAll();
        ClusterWatch.await("the raw pods to go", Duration.ofMinutes(1), () -> watch.podsIn(RAW_NAMESPACE) == 0);
        Samples floorSamples = new Samples(floors);
        Samples joinSamples = new Samples(joins);
        Duration join = joinSamples.median();
        Duration floor = floorSamples.median();
        result.putMillis("create_round_trip_ms", roundTrip);
        for (int i = 0; i < JOIN_SAMPLES; i++) {
            result.putMillis("node_join_ms_sample_" + (i + 1), Duration.ofNanos(joins[i]));
            result.putMillis("d_parallel_creates_ms_sample_" + (i + 1), Duration.ofNanos(floors[i]));
        }
        result.putMillis("node_join_ms", join);
        result.putMillis("node_join_min_ms", joinSamples.min());
        result.putMillis("node_join_max_ms", joinSamples.max());
        result.putRatio("node_join_round_trips", join.toNanos() / (double) roundTrip.toNanos());
        result.putMillis("d_parallel_creates_ms", floor);
        result.putMillis("d_parallel_creates_min_ms", floorSamples.min());
        result.putMillis("d_parallel_creates_max_ms", floorSamples.max());
        double vsFloor = join.toNanos() / (double) floor.toNanos();
        result.putRatio("node_join_vs_floor", vsFloor);
        // the earlier name of the same figure, which readers of the JSON may still ask for
        result.putRatio("node_join_vs_d_parallel_creates", vsFloor);
    }

    private void measureRollingUpdate() throws Exception {
        int nodes = options.nodes();
        progress(
                "rolling update of %s on %d nodes, maxUnavailable %s", name(1), nodes, BenchDaemonSets.MAX_UNAVAILABLE);
        awaitOperatorIdle();
        Thread.sleep(QUIET.toMillis());
        String uid = watch.daemonSet(BenchDaemonSets.NAMESPACE, name(1))
                .getMetadata()
                .getUid();
        WriteCount before = operatorWrites.snapshot();
        long start = System.nanoTime();
        long generation = daemonSets
                .setImage(name(1), BenchDaemonSets.IMAGE_V2)
                .getMetadata()
                .getGeneration();
        ClusterWatch.await("the rolling update", timeoutFor(4L * nodes), () -> {
            DaemonSetStatus s = watch.statusOf(BenchDaemonSets.NAMESPACE, name(1));
            return s != null
                    && s.getObservedGeneration() != null
                    && s.getObservedGeneration() >= generation
                    && Objects.equals(s.getUpdatedNumberScheduled(), nodes)
                    && Objects.equals(s.getNumberAvailable(), nodes)
                    && watch.podsOwnedBy(uid).size() == nodes;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        WriteCount writes = operatorWrites.snapshot().minus(before);
        result.putMillis("rolling_update_ms", took);
        result.putRatio("rolling_update_ratio", took.toNanos() / 1e6 / millisOf("t_raw_ms"));
        result.put("rolling_update_pod_creates", writes.of(WriteKind.POD_CREATE));
        result.put("rolling_update_pod_deletes", writes.of(WriteKind.POD_DELETE));
        result.put("rolling_update_status_writes", writes.of(WriteKind.DAEMONSET_STATUS));
        result.put("rolling_update_event_writes", writes.of(WriteKind.EVENT));
    }

    /**
     * The in-process operator stops; application pods fill every node; then the operator as it ships
     * starts in a JVM of its own against the whole cluster ({@link Footprint}).
     */
    private void measureFootprint() throws Exception {
        stopOperator();
        int perNode = options.appPodsPerNode();
        long apps = (long) options.nodes() * perNode;
        progress("application pods: %d per node, %d in all", perNode, apps);
        long start = System.nanoTime();
        new AppPods(benchClient).create(workerNames(options.nodes()), perNode);
        ClusterWatch.await("the application pods to be ready", timeoutFor(2 * apps), SLOW_POLL, () -> {
            long ready = 0;
            for (int ns = 0; ns < AppPods.NAMESPACES; ns++) {
                ready += watch.readyPodsIn(AppPods.NAMESPACE_PREFIX + ns);
            }
            return ready == apps;
        });
        result.putMillis("setup_app_pods_ms", Duration.ofNanos(System.nanoTime() - start));
        result.put("app_pods_per_node", perNode);
        Footprint.measure(result, sandbox.url(), () -> watch.allPods().size(), options.daemonSets());
    }

    /** A LIST, not a watch: asked a few times between repetitions only. */
    private boolean ownsRevisions(String uid) {
        return benchClient
                .apps()
                .controllerRevisions()
                .inNamespace(BenchDaemonSets.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .map(r -> r.getMetadata().getOwnerReferences())
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .anyMatch(o -> uid.equals(o.getUid()));
    }

    private void startOperator() {
        operatorClient = operatorWrites.client(sandbox.url());
        operator = Operator.start(operatorClient, OperatorConfig.defaults().withMetrics(syncTimes));
    }

    private void stopOperator() {
        operator.close();
        operator = null;
        operatorClient.close();
        operatorClient = null;
    }

    private void awaitReady(String name, int nodes, Duration timeout) throws TimeoutException {
        ClusterWatch.await(name + " to be ready on " + nodes + " nodes", timeout, () -> {
            DaemonSetStatus s = watch.statusOf(BenchDaemonSets.NAMESPACE, name);
            return s != null
                    && Objects.equals(s.getDesiredNumberScheduled(), nodes)
                    && Objects.equals(s.getNumberReady(), nodes)
                    && Objects.equals(s.getNumberAvailable(), nodes);
        });
    }

    private void awaitOperatorIdle() throws TimeoutException {
        ClusterWatch.await("the operator to be idle", Duration.ofMinutes(2), () -> operator.isIdle());
    }

    /** Generous: the server writes about 500 objects a second, and each pod costs it about four writes. */
    private static Duration timeoutFor(long pods) {
        return Duration.ofSeconds(120 + pods / 25);
    }

    private double millisOf(String key) {
        return result.get(key).doubleValue();
    }

    private static List<String> workerNames(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> SimNodes.WORKER_PREFIX + i)
                .toList();
    }

    private static String name(int i) {
        return "bench-" + i;
    }

    private static DaemonSetKey key(String name) {
        return new DaemonSetKey(BenchDaemonSets.NAMESPACE, name);
    }

    private static void progress(String format, Object... args) {
        LOG.info("bench: " + String.format(format, args));
    }

    private void close() {
        if (operator != null) {
            stopOperator();
        }
        if (watch != null) {
            watch.close();
        }
        if (rawClient != null) {
            rawClient.close();
        }
        if (benchClient != null) {
            benchClient.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
