package dev.daemonset.operator.sandbox;

import static dev.daemonset.operator.sandbox.PodTimeline.imageOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.InProcessCli;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts as a user lives them: the example manifests applied and changed with the real kubectl,
 * followed with the operator's own {@code rollout} commands, and every pod event recorded while the
 * rollout runs so its promises (never more than maxUnavailable down, surge never leaves a node
 * without a ready pod) are checked at each step. Run alone with {@code mvn verify -Dgroups=operator-e2e}.
 */
@Tag("operator-e2e")
@Timeout(90)
class RolloutEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration HOLDS_FOR = Duration.ofSeconds(1);
    private static final List<String> WORKERS = List.of("sandbox-worker-1", "sandbox-worker-2", "sandbox-worker-3");

    private static final String EXPORTER = "node-exporter";
    private static final String EXPORTER_V1 = "quay.io/prometheus/node-exporter:v1.8.2";
    private static final String EXPORTER_V2 = "quay.io/prometheus/node-exporter:v1.9.0";
    private static final String MISSING_IMAGE = "quay.io/prometheus/non-existent:v9";

    @TempDir
    Path tmp;

    private Sandbox sandbox;
    private KubernetesClient client;
    private Kubectl kubectl;
    private OperatorCli cli;

    @BeforeEach
    void start() throws Exception {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH: these tests drive the sandbox with it")
                .isNotNull();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(tmp.resolve("sandbox.kubeconfig"))
                .withReadyAfter(Duration.ofMillis(300))
                .withOperator(true));
        client = sandbox.client();
        kubectl = new Kubectl(sandbox.kubeconfig(), tmp.resolve("kube-cache"));
        cli = new OperatorCli(sandbox.kubeconfig());
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void anImageUpdateReplacesOneNodeAtATimeInNodeOrder() {
        deploy("node-exporter.yaml", EXPORTER);
        try (PodTimeline timeline = PodTimeline.record(client, EXPORTER)) {
            setImage(EXPORTER, EXPORTER_V2);
            InProcessCli.Result status = cli.run("rollout", "status", EXPORTER);

            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.outLines())
                    .as("progress while rolling, then success")
                    .anyMatch(l -> l.matches("Waiting for daemon set \"node-exporter\" rollout to finish: "
                            + "[0-2] out of 3 new pods have been updated\\.\\.\\."))
                    .last()
                    .isEqualTo("daemon set \"node-exporter\" successfully rolled out");
            timeline.awaitState("every worker runs one ready v1.9.0 pod", m -> everyWorkerRunsOnly(m, EXPORTER_V2));
            timeline.assertAlways(
                    "at most maxUnavailable (1) worker without a ready pod", m -> workersWithoutReadyPod(m) <= 1);
            timeline.assertSometimes(
                    "a worker without a ready pod while its pod is replaced", m -> workersWithoutReadyPod(m) == 1);
            assertThat(timeline.deletions())
                    .as("old pods deleted in node order, each once")
                    .allSatisfy(p -> assertThat(imageOf(p)).isEqualTo(EXPORTER_V1))
                    .extracting(PodTargets::targetNode)
                    .containsExactlyElementsOf(WORKERS);
        }
    }

    @Test
    void onDeleteReplacesOnlyThePodsTheUserDeletes() {
        deploy("node-exporter.yaml", EXPORTER);
        mergePatch(EXPORTER, "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}");
        Map<String, String> before = podNamesByNode(EXPORTER);
        try (PodTimeline timeline = PodTimeline.record(client, EXPORTER)) {
            setImage(EXPORTER, EXPORTER_V2);
            awaitCondition(
                    EXPORTER,
                    "RolloutProgressing",
                    c -> "OnDelete".equals(c.getReason()) && c.getMessage().startsWith("0 of 3 pods updated"));
            assertThat(condition(daemonSet(EXPORTER), "RolloutComplete").getStatus())
                    .isEqualTo("False");
            await().during(HOLDS_FOR)
                    .atMost(WAIT)
                    .until(() -> podNamesByNode(EXPORTER).equals(before));

            InProcessCli.Result status = cli.run("rollout", "status", EXPORTER);
            assertThat(status.exitCode()).isEqualTo(1);
            assertThat(status.err())
                    .contains("error: rollout status is only available for RollingUpdate strategy type");

            kubectl.run("delete", "pod", before.get("sandbox-worker-2")).assertOk();
            Map<String, String> expected = new TreeMap<>(before);
            expected.put("sandbox-worker-2", name(awaitReadyPodOn(EXPORTER, "sandbox-worker-2", EXPORTER_V2)));
            await().during(HOLDS_FOR)
                    .atMost(WAIT)
                    .until(() -> podNamesByNode(EXPORTER).equals(expected));
            assertThat(timeline.deletions())
                    .extracting(RolloutEndToEndTest::name)
                    .containsExactly(before.get("sandbox-worker-2"));
            awaitCondition(
                    EXPORTER, "RolloutProgressing", c -> c.getMessage().startsWith("1 of 3 pods updated, 3 available"));
        }
    }

    @Test
    void aRolloutToAMissingImageStallsAndUndoRestoresItWithoutRestartingUntouchedPods() {
        deploy("node-exporter.yaml", EXPORTER);
        mergePatch(EXPORTER, "{\"spec\":{\"progressDeadlineSeconds\":5}}");
        String firstRevision = daemonSet(EXPORTER).getStatus().getUpdateRevision();
        Map<String, String> before = podNamesByNode(EXPORTER);

        setImage(EXPORTER, MISSING_IMAGE);
        InProcessCli.Result stalled = cli.run("rollout", "status", EXPORTER);

        assertThat(stalled.exitCode()).isEqualTo(1);
        assertThat(stalled.outLines())
                .as("progress until it stalled")
                .contains(
                        "Waiting for daemon set \"node-exporter\" rollout to finish: 1 out of 3 new pods have been updated...");
        assertThat(stalled.err())
                .startsWith("error: daemon set \"node-exporter\" rollout stalled: no progress for 5s: ")
                .containsPattern(
                        "waiting on sandbox-worker-1 \\(pod node-exporter-\\w+ container node-exporter waiting: "
                                + "ErrImagePull: failed to pull and unpack image \"" + MISSING_IMAGE + "\"");
        DaemonSetCondition condition = condition(daemonSet(EXPORTER), "RolloutStalled");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(condition.getMessage()).contains("sandbox-worker-1").contains("ErrImagePull");
        Map<String, String> during = podNamesByNode(EXPORTER);
        assertThat(during)
                .as("only the first node was tried")
                .containsEntry("sandbox-worker-2", before.get("sandbox-worker-2"))
                .containsEntry("sandbox-worker-3", before.get("sandbox-worker-3"));

        InProcessCli.Result undo = cli.run("rollout", "undo", EXPORTER);
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).isEqualTo("daemonset.daemonset.dev/node-exporter rolled back\n");
        InProcessCli.Result recovered = cli.run("rollout", "status", EXPORTER);

        assertThat(recovered.exitCode()).as(recovered.err()).isZero();
        assertThat(recovered.outLines()).last().isEqualTo("daemon set \"node-exporter\" successfully rolled out");
        Map<String, Pod> after = awaitOneReadyPodPerWorker(EXPORTER, p -> EXPORTER_V1.equals(imageOf(p)));
        assertThat(name(after.get("sandbox-worker-1")))
                .isNotIn(before.get("sandbox-worker-1"), during.get("sandbox-worker-1"));
        assertThat(name(after.get("sandbox-worker-2")))
                .as("never left the old revision")
                .isEqualTo(before.get("sandbox-worker-2"));
        assertThat(name(after.get("sandbox-worker-3")))
                .as("never left the old revision")
                .isEqualTo(before.get("sandbox-worker-3"));
        DaemonSet recoveredDs = daemonSet(EXPORTER);
        assertThat(recoveredDs.getStatus().getUpdateRevision())
                .as("the old revision is reused")
                .isEqualTo(firstRevision);
        assertThat(condition(recoveredDs, "RolloutStalled").getStatus()).isEqualTo("False");
        assertThat(revisionNumbers(EXPORTER))
                .as("the reused revision is renumbered after the failed one")
                .containsEntry(firstRevision, 3L)
                .hasSize(2);
        assertThat(cli.run("rollout", "history", EXPORTER).outLines())
                .containsSubsequence(
                        "daemonset.daemonset.dev/node-exporter",
                        "REVISION  CHANGE-CAUSE",
                        "2         <none>",
                        "3         <none>");
    }

    @Test
    void surgeStartsTheNewPodBesideTheOldAndDeletesTheOldOnlyOnceTheNewIsReady() {
        String app = "node-local-dns";
        String v2 = "registry.k8s.io/dns/k8s-dns-node-cache:1.25.0";
        deploy("surge.yaml", app);
        try (PodTimeline timeline = PodTimeline.record(client, app)) {
            setImage(app, v2);
            InProcessCli.Result status = cli.run("rollout", "status", app);

            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.outLines()).last().isEqualTo("daemon set \"node-local-dns\" successfully rolled out");
            timeline.awaitState("every worker runs one ready new pod", m -> everyWorkerRunsOnly(m, v2));
            timeline.assertAlways(
                    "at most two pods on a node",
                    m -> WORKERS.stream().allMatch(n -> m.on(n).size() <= 2));
            timeline.assertAlways(
                    "every worker keeps a ready pod (maxUnavailable 0)", m -> workersWithoutReadyPod(m) == 0);
            timeline.assertAlways(
                    "at most maxSurge (1) node runs two pods",
                    m -> WORKERS.stream().filter(n -> m.liveOn(n).size() == 2).count() <= 1);
            timeline.assertAlways(
                    "an old pod is deleted only once its node has a ready new pod",
                    m -> !m.startsDeletion()
                            || m.hasReadyPodOn(PodTargets.targetNode(m.event().pod()), p -> v2.equals(imageOf(p))));
            timeline.assertSometimes(
                    "a node running its old and its new pod side by side",
                    m -> WORKERS.stream().anyMatch(n -> m.liveOn(n).size() == 2));
            assertThat(timeline.deletions())
                    .as("each old pod deleted once, in node order")
                    .allSatisfy(p -> assertThat(imageOf(p)).isNotEqualTo(v2))
                    .extracting(PodTargets::targetNode)
                    .containsExactlyElementsOf(WORKERS);
        }
    }

    @Test
    void aPartitionOfTwoUpdatesOnlyTheFirstWorkerUntilItIsLowered() {
        deploy("node-exporter.yaml", EXPORTER);
        Map<String, String> before = podNamesByNode(EXPORTER);
        mergePatch(EXPORTER, "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}");
        setImage(EXPORTER, EXPORTER_V2);

        InProcessCli.Result partitioned = cli.run("rollout", "status", EXPORTER);
        assertThat(partitioned.exitCode()).as(partitioned.err()).isZero();
        assertThat(partitioned.outLines())
                .last()
                .isEqualTo("partitioned roll out complete: 1 new pods have been updated...");
        Map<String, String> canary = new TreeMap<>(before);
        canary.put("sandbox-worker-1", name(awaitReadyPodOn(EXPORTER, "sandbox-worker-1", EXPORTER_V2)));
        await().during(HOLDS_FOR)
                .atMost(WAIT)
                .until(() -> podNamesByNode(EXPORTER).equals(canary));
        DaemonSetCondition complete = condition(daemonSet(EXPORTER), "RolloutComplete");
        assertThat(complete.getStatus()).isEqualTo("True");
        assertThat(complete.getMessage())
                .contains("1 of 3 pods updated")
                .contains("partition keeps 2 on the old revision");

        mergePatch(EXPORTER, "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
        InProcessCli.Result done = cli.run("rollout", "status", EXPORTER);
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.outLines()).last().isEqualTo("daemon set \"node-exporter\" successfully rolled out");
        Map<String, Pod> after = awaitOneReadyPodPerWorker(EXPORTER, p -> EXPORTER_V2.equals(imageOf(p)));
        assertThat(name(after.get("sandbox-worker-1")))
                .as("already updated, not replaced again")
                .isEqualTo(canary.get("sandbox-worker-1"));
    }

    @Test
    void aPausedRolloutReplacesNothingUntilResumed() {
        deploy("node-exporter.yaml", EXPORTER);
        Map<String, String> before = podNamesByNode(EXPORTER);
        InProcessCli.Result pause = cli.run("rollout", "pause", EXPORTER);
        assertThat(pause.out()).isEqualTo("daemonset.daemonset.dev/node-exporter paused\n");
        try (PodTimeline timeline = PodTimeline.record(client, EXPORTER)) {
            setImage(EXPORTER, EXPORTER_V2);
            awaitCondition(EXPORTER, "RolloutPaused", c -> "True".equals(c.getStatus()));
            InProcessCli.Running status = cli.start("rollout", "status", EXPORTER);
            status.awaitLineContaining("0 out of 3 new pods have been updated... (Warning: rollout is paused)");
            await().during(HOLDS_FOR)
                    .atMost(WAIT)
                    .until(() -> podNamesByNode(EXPORTER).equals(before));
            assertThat(timeline.deletions()).as("no pod replaced while paused").isEmpty();

            InProcessCli.Result resume = cli.run("rollout", "resume", EXPORTER);
            assertThat(resume.out()).isEqualTo("daemonset.daemonset.dev/node-exporter resumed\n");
            InProcessCli.Result done = status.awaitExit();
            assertThat(done.exitCode()).as(done.err()).isZero();
            assertThat(done.outLines()).last().isEqualTo("daemon set \"node-exporter\" successfully rolled out");
            awaitOneReadyPodPerWorker(EXPORTER, p -> EXPORTER_V2.equals(imageOf(p)));
        }
    }

    /** The staged rollout the canary example's comments walk through. */
    @Test
    void theCanaryExampleUpdatesLabelledNodesFirstThenWidensWithAPartition() {
        String app = "fluent-bit";
        String v2 = "cr.fluentbit.io/fluent/fluent-bit:3.2.1";
        deploy("rollout-canary.yaml", app);
        Map<String, String> before = podNamesByNode(app);
        kubectl.run("label", "node", "sandbox-worker-2", "daemonset.dev/canary=true")
                .assertOk();
        setImage(app, v2);

        InProcessCli.Result canaryDone = cli.run("rollout", "status", app);
        assertThat(canaryDone.exitCode()).as(canaryDone.err()).isZero();
        assertThat(canaryDone.outLines())
                .last()
                .isEqualTo("canary roll out complete: 1 new pods have been updated on the"
                        + " nodes matching spec.updateStrategy.rollingUpdate.nodeSelector...");
        Map<String, String> canary = new TreeMap<>(before);
        canary.put("sandbox-worker-2", name(awaitReadyPodOn(app, "sandbox-worker-2", v2)));
        await().during(HOLDS_FOR).atMost(WAIT).until(() -> podNamesByNode(app).equals(canary));

        mergePatch(app, "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"nodeSelector\":null,\"partition\":1}}}}");
        InProcessCli.Result widened = cli.run("rollout", "status", app);
        assertThat(widened.exitCode()).as(widened.err()).isZero();
        assertThat(widened.outLines())
                .last()
                .isEqualTo("partitioned roll out complete: 2 new pods have been updated...");
        Pod first = awaitReadyPodOn(app, "sandbox-worker-1", v2);
        Map<String, String> expected = new TreeMap<>(canary);
        expected.put("sandbox-worker-1", name(first));
        await().during(HOLDS_FOR).atMost(WAIT).until(() -> podNamesByNode(app).equals(expected));
    }

    /** Applies an example and waits, with {@code rollout status}, until its pods run everywhere. */
    /**
     * A log shipper applied before its ConfigMap: its pods stay ContainerCreating with nothing in their status to
     * say why; explain adds the kubelet's last warning, which names the ConfigMap, and the rollout completes once
     * the ConfigMap is created.
     */
    @Test
    void explainNamesTheMissingConfigMapThatHoldsThePodsBackAndTheRolloutEndsOnceItExists() {
        String manifest = """
                apiVersion: daemonset.dev/v1alpha1
                kind: DaemonSet
                metadata: {name: shipper}
                spec:
                  selector: {matchLabels: {app: shipper}}
                  template:
                    metadata: {labels: {app: shipper}}
                    spec:
                      containers:
                      - name: shipper
                        image: cr.fluentbit.io/fluent/fluent-bit:3.1.9
                        volumeMounts: [{name: config, mountPath: /fluent-bit/etc/conf}]
                      volumes:
                      - name: config
                        configMap: {name: shipper-config}
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        String warning = "last warning: FailedMount: MountVolume.SetUp failed for volume \"config\" : configmap"
                + " \"shipper-config\" not found";

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            InProcessCli.Result explain = cli.run("explain", "shipper", "--node", "sandbox-worker-1");
            assertThat(explain.exitCode()).as(explain.err()).isZero();
            assertThat(explain.out())
                    .contains("container shipper waiting: ContainerCreating")
                    .contains(warning);
        });

        kubectl.run("create", "configmap", "shipper-config", "--from-literal=fluent-bit.conf=[SERVICE]")
                .assertOk();
        InProcessCli.Result status = cli.run("rollout", "status", "shipper");
        assertThat(status.exitCode()).as(status.err()).isZero();
        InProcessCli.Result explain = cli.run("explain", "shipper");
        assertThat(explain.out()).doesNotContain("last warning");
    }

    private void deploy(String example, String app) {
        kubectl.run("apply", "-f", Path.of("examples", example).toString()).assertOk();
        InProcessCli.Result status = cli.run("rollout", "status", app);
        assertThat(status.exitCode()).as(status.err()).isZero();
        awaitOneReadyPodPerWorker(app, p -> true);
    }

    /** Changes only the image, as a user would with a JSON patch, keeping the rest of the container. */
    private void setImage(String app, String image) {
        kubectl.run(
                        "patch",
                        "dds",
                        app,
                        "--type",
                        "json",
                        "-p",
                        "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image
                                + "\"}]")
                .assertOk();
    }

    private void mergePatch(String app, String patch) {
        kubectl.run("patch", "dds", app, "--type", "merge", "-p", patch).assertOk();
    }

    private DaemonSet daemonSet(String app) {
        return client.resources(DaemonSet.class).withName(app).get();
    }

    private static DaemonSetCondition condition(DaemonSet ds, String type) {
        List<DaemonSetCondition> conditions =
                ds.getStatus() == null || ds.getStatus().getConditions() == null
                        ? List.of()
                        : ds.getStatus().getConditions();
        return conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }

    /** Waits until the controller has seen the current spec and set the condition so. */
    private void awaitCondition(String app, String type, Predicate<DaemonSetCondition> expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            DaemonSet ds = daemonSet(app);
            assertThat(ds.getStatus().getObservedGeneration())
                    .isEqualTo(ds.getMetadata().getGeneration());
            assertThat(condition(ds, type)).matches(expected, "expected " + type);
        });
    }

    private List<Pod> livePods(String app) {
        return client.pods().withLabel("app", app).list().getItems().stream()
                .filter(p -> !PodConditions.isBeingDeleted(p))
                .toList();
    }

    /** Each live pod's name by its node, in node order. */
    private Map<String, String> podNamesByNode(String app) {
        return livePods(app).stream()
                .collect(Collectors.toMap(
                        PodTargets::targetNode, RolloutEndToEndTest::name, (a, b) -> a + "," + b, TreeMap::new));
    }

    private Pod awaitReadyPodOn(String app, String node, String image) {
        return await().atMost(WAIT)
                .until(
                        () -> livePods(app).stream()
                                .filter(p -> node.equals(PodTargets.targetNode(p))
                                        && image.equals(imageOf(p))
                                        && PodConditions.isReady(p))
                                .findFirst()
                                .orElse(null),
                        p -> p != null);
    }

    /** Waits until every worker (and nothing else) runs exactly one ready pod matching {@code which}. */
    private Map<String, Pod> awaitOneReadyPodPerWorker(String app, Predicate<Pod> which) {
        List<Pod> pods = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            List<Pod> now = livePods(app);
            assertThat(now).extracting(PodTargets::targetNode).containsExactlyInAnyOrderElementsOf(WORKERS);
            assertThat(now).allMatch(PodConditions::isReady, "ready").allMatch(which, "expected pod");
            pods.clear();
            pods.addAll(now);
        });
        return pods.stream().collect(Collectors.toMap(PodTargets::targetNode, p -> p));
    }

    private Map<String, Long> revisionNumbers(String app) {
        String uid = daemonSet(app).getMetadata().getUid();
        return client.apps().controllerRevisions().list().getItems().stream()
                .filter(r -> r.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), ControllerRevision::getRevision));
    }

    private static long workersWithoutReadyPod(PodTimeline.Moment m) {
        return WORKERS.stream().filter(n -> !m.hasReadyPodOn(n, p -> true)).count();
    }

    private static boolean everyWorkerRunsOnly(PodTimeline.Moment m, String image) {
        return m.pods().size() == WORKERS.size()
                && WORKERS.stream()
                        .allMatch(n -> m.on(n).size() == 1 && m.hasReadyPodOn(n, p -> image.equals(imageOf(p))));
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
