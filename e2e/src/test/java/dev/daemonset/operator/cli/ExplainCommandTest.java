package dev.daemonset.operator.cli;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static dev.daemonset.operator.testing.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.pods.DaemonPodFactory;
import dev.daemonset.operator.pods.TemplateHasher;
import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code explain} against the mock API server, run in-process through {@link Main} with a kubeconfig written for the
 * mock: the cluster has a tainted control-plane node, an edge node the affinity excludes, a GPU node with a NoExecute
 * taint, and three workers (a ready pod, a pod failing to pull its image, no pod yet). No operator runs, so the pods
 * and their statuses are exactly the ones created here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainCommandTest {
    private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    private static final String PULL_ERROR = "rpc error: code = NotFound desc = failed to pull and unpack image "
            + "\"registry.example/agent:1.0\": failed to resolve reference: registry.example/agent:1.0: not found";
    private static final String VIOLATION =
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MockCluster cluster;
    private Path kubeconfig;
    private String hash;
    private String readyPod;

    private record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return Arrays.asList(out.split("\n"));
        }

        String row(String node) {
            return lines().stream()
                    .filter(l -> l.startsWith(node + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + node + " in\n" + out));
        }
    }

    @BeforeAll
    void startCluster(@TempDir Path dir) throws IOException {
        cluster = MockCluster.start();
        cluster.createNode(node("control-plane", Map.of(CONTROL_PLANE, ""), taint(CONTROL_PLANE, "NoSchedule")));
        cluster.createNode(node("edge-1", Map.of("tier", "edge")));
        cluster.createNode(node("gpu-1", Map.of("accelerator", "gpu"), taint("dedicated", "NoExecute")));
        for (int i = 1; i <= 3; i++) {
            cluster.createNode(node("worker-" + i));
        }
        DaemonSet ds = daemonSet("agent");
        ds.getSpec()
                .getTemplate()
                .setSpec(new PodSpecBuilder(ds.getSpec().getTemplate().getSpec())
                        .withNewAffinity()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .withMatchExpressions(new NodeSelectorRequirement("tier", "NotIn", List.of("edge")))
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .endAffinity()
                        .build());
        DaemonSet created = cluster.createDaemonSet(ds);
        hash = TemplateHasher.hash(created.getSpec().getTemplate(), null);

        readyPod = createPod(created, "worker-1", ready(withStatus(), T0))
                .getMetadata()
                .getName();
        createPod(created, "worker-2", imagePullFailing());
        cluster.client().pods().inNamespace("default").resource(strangerPod()).create();

        cluster.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("agents")
                        .endMetadata()
                        .build())
                .create();
        cluster.createDaemonSet(daemonSet("monitor", "agents", Map.of("app", "monitor")));

        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig("default"));
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    void tableGivesEveryNodeItsVerdictAndReason() {
        Result r = explain("agent");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines())
                .first()
                .asString()
                .startsWith("Warning: the controller has not synced this DaemonSet yet");
        assertThat(r.out())
                .contains(
                        "Name:       agent\n",
                        "Namespace:  default\n",
                        "Revision:   " + hash + "\n",
                        "Pods:       desired 3, current 2, ready 1, up-to-date 2, available 1, misscheduled 0\n");
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches("NODE +SHOULD-RUN +POD +READY +REVISION +REASON"));
        assertThat(r.row("control-plane"))
                .contains("no, existing kept")
                .endsWith("taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated");
        assertThat(r.row("edge-1"))
                .contains(" no ")
                .endsWith("required node affinity: no term matches (term 1: tier NotIn [edge] but node has edge)");
        assertThat(r.row("gpu-1"))
                .contains(" no ")
                .endsWith("taint dedicated:NoExecute is not tolerated: running pods are evicted");
        assertThat(r.row("worker-1"))
                .contains(" yes ", readyPod, hash)
                .doesNotContain("(old)")
                .endsWith(hash);
        assertThat(r.row("worker-2"))
                .contains(" yes ", " no ", "container agent waiting: ErrImagePull: rpc error")
                .endsWith("... (see below)");
        assertThat(r.row("worker-3")).contains(" yes ").endsWith("no pod yet: create pending");
        assertThat(r.out()).doesNotContain("stranger");
    }

    @Test
    void reasonsTooLongForTheTableAreListedInFullBelowIt() {
        Result r = explain("agent");

        String details = r.out().substring(r.out().indexOf("\nDetails:\n"));
        assertThat(details)
                .contains(
                        "  worker-2:\n    pod agent-", ": container agent waiting: ErrImagePull: " + PULL_ERROR + "\n");
        assertThat(details).doesNotContain("worker-1", "worker-3", "control-plane");
        List<String> table = r.lines()
                .subList(r.lines().indexOf(r.row("control-plane")), r.lines().indexOf("Details:"));
        assertThat(table).allSatisfy(row -> assertThat(row.length()).isLessThan(220));
    }

    @Test
    void jsonHasStableFieldsAndTheSameVerdicts() {
        Result r = explain("agent", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.propertyNames())
                .containsExactly(
                        "namespace",
                        "name",
                        "generation",
                        "observedGeneration",
                        "strategy",
                        "updateRevision",
                        "valid",
                        "violations",
                        "problems",
                        "conditions",
                        "counts",
                        "nodes");
        assertThat(doc.get("updateRevision").asString()).isEqualTo(hash);
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("observedGeneration").isNull()).isTrue();
        assertThat(doc.get("counts").get("desired").asInt()).isEqualTo(3);

        List<String> verdicts = new ArrayList<>();
        doc.get("nodes")
                .forEach(n -> verdicts.add(
                        n.get("node").asString() + "=" + n.get("verdict").asString()));
        assertThat(verdicts)
                .containsExactly(
                        "control-plane=keep-existing",
                        "edge-1=excluded",
                        "gpu-1=excluded",
                        "worker-1=run",
                        "worker-2=run",
                        "worker-3=run");

        JsonNode controlPlane = doc.get("nodes").get(0);
        assertThat(controlPlane.propertyNames()).containsExactly("node", "verdict", "reasons", "pods", "notes");
        assertThat(controlPlane.get("reasons").get(0).asString())
                .isEqualTo("taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated");

        JsonNode workerPod = doc.get("nodes").get(3).get("pods").get(0);
        assertThat(workerPod.propertyNames())
                .containsExactly(
                        "name",
                        "phase",
                        "ready",
                        "available",
                        "revision",
                        "updated",
                        "scheduled",
                        "deleting",
                        "problem");
        assertThat(workerPod.get("name").asString()).isEqualTo(readyPod);
        assertThat(workerPod.get("ready").asBoolean()).isTrue();
        assertThat(workerPod.get("updated").asBoolean()).isTrue();
        assertThat(workerPod.get("problem").isNull()).isTrue();

        assertThat(doc.get("nodes").get(4).get("pods").get(0).get("problem").asString())
                .isEqualTo("container agent waiting: ErrImagePull: " + PULL_ERROR);
        assertThat(doc.get("nodes").get(5).get("notes").get(0).asString()).isEqualTo("no pod yet: create pending");
    }

    @Test
    void invalidSpecComesFirstWithItsViolationsAndTheConditionTheControllerWrote() {
        DaemonSet broken = daemonSet("broken");
        broken.getSpec().getTemplate().getSpec().setRestartPolicy("Never");
        broken = cluster.createDaemonSet(broken);
        broken.setStatus(new DaemonSetStatus());
        broken.getStatus()
                .setConditions(List.of(
                        new DaemonSetCondition("InvalidSpec", "True", "InvalidSpec", VIOLATION, T0.toString(), null)));
        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .resource(broken)
                .updateStatus();

        Result table = explain("broken");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .startsWith("Warning: the spec is invalid, so nothing is rolled out until it is fixed:\n  " + VIOLATION
                        + "\nWarning: it was never valid, so it has no revision to serve and gets no pod\n\n");
        assertThat(table.out()).contains("Conditions:\n  InvalidSpec=True: " + VIOLATION + "\n");
        assertThat(table.row("worker-3")).endsWith("no pod, and none is created while the spec is invalid");

        JsonNode doc = JSON.readTree(explain("broken", "-o", "json").out());
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("violations").get(0).get("field").asString()).isEqualTo("spec.template.spec.restartPolicy");
        JsonNode condition = doc.get("conditions").get(0);
        assertThat(condition.propertyNames())
                .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime");
        assertThat(condition.get("type").asString()).isEqualTo("InvalidSpec");
        assertThat(condition.get("message").asString()).isEqualTo(VIOLATION);
    }

    @Test
    void nodeOptionShowsOnlyThatNode() {
        Result table = explain("agent", "--node", "worker-3");
        assertThat(table.exitCode()).isZero();
        assertThat(table.row("worker-3")).endsWith("no pod yet: create pending");
        assertThat(table.out()).doesNotContain("worker-1", "control-plane ");

        JsonNode doc = JSON.readTree(
                explain("agent", "--node", "control-plane", "-o", "json").out());
        assertThat(doc.get("nodes")).hasSize(1);
        assertThat(doc.get("nodes").get(0).get("verdict").asString()).isEqualTo("keep-existing");
    }

    @Test
    void unknownNodeIsAnError() {
        Result r = explain("agent", "--node", "worker-9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error from server (NotFound): nodes \"worker-9\" not found\n");
    }

    @Test
    void unknownDaemonSetIsAnError() {
        Result r = explain("nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"nope\" not found\n");
    }

    @Test
    void aNameWithASlashIsOneNameNotAnotherPath() {
        // "agent/status" as a path is the status subresource of agent, which the server answers with agent itself
        Result r = explain("agent/status");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"agent/status\" not found\n");
    }

    @Test
    void namespaceComesFromTheFlagElseTheKubeconfigContext(@TempDir Path dir) throws IOException {
        assertThat(explain("monitor").exitCode())
                .as("monitor lives in agents, the context says default")
                .isEqualTo(1);
        assertThat(explain("monitor", "-n", "agents").out()).contains("Namespace:  agents\n");

        Path agentsConfig = dir.resolve("agents-kubeconfig");
        Files.writeString(agentsConfig, cluster.kubeconfig("agents"));
        Result r = run("explain", "monitor", "--kubeconfig", agentsConfig.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Name:       monitor\n", "Namespace:  agents\n");
    }

    @Test
    void unsupportedOutputFormatIsAUsageError() {
        Result r = explain("agent", "-o", "yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("expected one of [json]", "'yaml'");
    }

    @Test
    void unreadableKubeconfigIsAClearError() {
        Result r = run("explain", "agent", "--kubeconfig", "/nonexistent/kubeconfig");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot read kubeconfig /nonexistent/kubeconfig: no such file\n");
    }

    @Test
    void mainListsTheSubcommand() {
        assertThat(run("--help").out()).contains("explain");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Result explain(String... args) {
        List<String> all = new ArrayList<>(List.of("explain"));
        all.addAll(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        return run(all.toArray(String[]::new));
    }

    private static Result run(String... args) {
        InProcessCli.Result r = InProcessCli.start("explain", MockCluster.TIMEOUT, List.of(args))
                .awaitExit();
        return new Result(r.exitCode(), r.out(), r.err());
    }

    /** A pod as the controller would have created it for the node, bound there, with the given status. */
    private Pod createPod(DaemonSet ds, String node, Pod withStatus) {
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), hash, node);
        pod.getSpec().setNodeName(node);
        pod.setStatus(withStatus.getStatus());
        return cluster.client().pods().inNamespace("default").resource(pod).create();
    }

    private static Pod withStatus() {
        Pod pod = new Pod();
        pod.setStatus(new PodStatus());
        return pod;
    }

    private static Pod imagePullFailing() {
        Pod pod = withStatus();
        pod.getStatus().setPhase("Pending");
        pod.getStatus()
                .setContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName("agent")
                        .withReady(false)
                        .withRestartCount(0)
                        .withState(new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason("ErrImagePull")
                                .withMessage(PULL_ERROR)
                                .endWaiting()
                                .build())
                        .build()));
        return pod;
    }

    /** Matches the DaemonSet's selector but has no controller: explain must not present it as the DaemonSet's pod. */
    private static Pod strangerPod() {
        Pod pod = new Pod();
        pod.setMetadata(new ObjectMetaBuilder()
                .withName("stranger")
                .withLabels(Map.of("app", "agent"))
                .build());
        pod.setSpec(new PodSpecBuilder()
                .withNodeName("worker-3")
                .addNewContainer()
                .withName("x")
                .withImage("x")
                .endContainer()
                .build());
        return pod;
    }
}
