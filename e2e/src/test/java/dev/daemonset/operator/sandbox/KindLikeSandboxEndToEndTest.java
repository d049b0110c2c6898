package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as the {@code sandbox} command starts it (operator and kind's addons), driven by the
 * installed kubectl: kube-proxy and kindnet on every node, {@code kubectl drain} through the eviction
 * subresource, and PodDisruptionBudgets that hold an eviction back.
 */
@Timeout(120)
class KindLikeSandboxEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> NODES =
            List.of("sandbox-control-plane", "sandbox-worker-1", "sandbox-worker-2", "sandbox-worker-3");

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH: the sandbox end-to-end tests run the real kubectl (install kubectl 1.32)")
                .isNotNull();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(tmp.resolve("sandbox.kubeconfig"))
                .withReadyAfter(Duration.ofMillis(300))
                .withAddons(true));
        kubectl = new Kubectl(sandbox.kubeconfig(), tmp.resolve("kube-cache"));
        for (String app : List.of("k8s-app=kube-proxy", "app=kindnet")) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(runningNodes(app)).containsExactlyInAnyOrderElementsOf(NODES));
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The nodes of the Running pods in kube-system with label {@code selector}, from {@code get pod -o wide}. */
    private static List<String> runningNodes(String selector) {
        List<String> lines = kubectl.run("get", "pod", "-n", "kube-system", "-o", "wide", "-l", selector)
                .assertOk()
                .lines();
        return lines.stream()
                .skip(1)
                .map(Kind::words)
                .filter(w -> w.get(2).equals("Running"))
                .map(w -> w.get(6))
                .toList();
    }

    @Test
    void kubeProxyAndKindnetRunOnePodPerNodeIncludingTheControlPlane() {
        assertThat(runningNodes("k8s-app=kube-proxy")).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(runningNodes("app=kindnet")).containsExactlyInAnyOrderElementsOf(NODES);
        List<String> daemonSets = kubectl.run("get", "dds", "-A").assertOk().lines();
        assertThat(daemonSets)
                .anySatisfy(l -> assertThat(Kind.words(l)).startsWith("kube-system", "kube-proxy", "4", "4", "4"));
        assertThat(daemonSets)
                .anySatisfy(l -> assertThat(Kind.words(l)).startsWith("kube-system", "kindnet", "4", "4", "4"));
        // no apps/v1 DaemonSets here, so kubectl resolves the kind name and the guides' short name to ours
        for (String name : List.of("daemonset", "ds")) {
            assertThat(kubectl.run("get", name, "-A", "-o", "name").assertOk().lines())
                    .as("kubectl get %s -A", name)
                    .containsExactlyInAnyOrder("daemonset.daemonset.dev/kindnet", "daemonset.daemonset.dev/kube-proxy");
        }
        assertThat(kubectl.run(
                                "get",
                                "dds",
                                "-n",
                                "kube-system",
                                "kube-proxy",
                                "-o",
                                "jsonpath={.spec.template.spec.priorityClassName} {.spec.template.spec.hostNetwork} "
                                        + "{.spec.template.spec.nodeSelector} {.spec.template.spec.containers[0].image} {.spec.updateStrategy.type}")
                        .assertOk()
                        .out())
                .isEqualTo(
                        "system-node-critical true {\"kubernetes.io/os\":\"linux\"} registry.k8s.io/kube-proxy:v1.32.2 RollingUpdate");
        assertThat(kubectl.run(
                                "get",
                                "dds",
                                "-n",
                                "kube-system",
                                "kindnet",
                                "-o",
                                "jsonpath={.metadata.labels.tier} {.spec.template.spec.containers[0].image} "
                                        + "{.spec.template.spec.containers[0].resources.requests.cpu} {.spec.template.spec.containers[0].resources.limits.memory}")
                        .assertOk()
                        .out())
                .isEqualTo("node docker.io/kindest/kindnetd:v20250214-acbabc1a 100m 50Mi");
    }

    /**
     * A drain of a node with plain pods evicts them. kubectl looks the owner of a daemon pod up as an
     * apps/v1 DaemonSet, which the sandbox does not serve: with --force kubectl takes the pod for an
     * orphan and evicts it too, and the operator puts a new one on the cordoned node (daemon pods
     * tolerate unschedulable).
     */
    @Test
    void drainEvictsThePlainPodsOfANode() {
        String node = "sandbox-worker-3";
        kubectl.runWithInput(pod("plain", "app: plain", node), "apply", "-f", "-")
                .assertOk();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kubectl.run("get", "pod", "plain", "-o", "jsonpath={.status.phase}")
                                .assertOk()
                                .out())
                        .isEqualTo("Running"));
        try {
            Kubectl.Result drain = kubectl.run(
                            "drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=20s")
                    .assertOk();

            assertThat(drain.out())
                    .contains("node/" + node + " cordoned")
                    .contains("evicting pod default/plain")
                    .contains("pod/plain evicted")
                    .contains("node/" + node + " drained");
            assertThat(kubectl.run("get", "pod", "plain", "--ignore-not-found", "-o", "name")
                            .assertOk()
                            .out())
                    .isEmpty();
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(runningNodes("k8s-app=kube-proxy")).contains(node));
        } finally {
            kubectl.run("uncordon", node).assertOk();
        }
    }

    @Test
    void aDirectEvictionRequestDeletesThePod() throws Exception {
        kubectl.runWithInput(pod("direct", "app: direct", "sandbox-worker-2"), "apply", "-f", "-")
                .assertOk();
        Path eviction = tmp.resolve("direct-eviction.json");
        Files.writeString(
                eviction,
                "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\","
                        + "\"metadata\":{\"name\":\"direct\",\"namespace\":\"default\"},\"deleteOptions\":{\"gracePeriodSeconds\":0}}");

        String answer = kubectl.run(
                        "create", "--raw", "/api/v1/namespaces/default/pods/direct/eviction", "-f", eviction.toString())
                .assertOk()
                .out();

        assertThat(answer).contains("\"status\":\"Success\"");
        assertThat(kubectl.run("get", "pod", "direct", "--ignore-not-found", "-o", "name")
                        .assertOk()
                        .out())
                .isEmpty();
        Kubectl.Result missing = kubectl.run(
                "create", "--raw", "/api/v1/namespaces/default/pods/direct/eviction", "-f", eviction.toString());
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("NotFound").contains("pods \"direct\" not found");
    }

    /** Without --force kubectl refuses to drain a node with daemon pods of ours: it finds no apps/v1 DaemonSet. */
    @Test
    void drainWithoutForceRefusesOurDaemonPods() {
        String node = "sandbox-control-plane";
        try {
            Kubectl.Result drain = kubectl.run("drain", node, "--ignore-daemonsets", "--timeout=5s");
            assertThat(drain.exitCode()).isNotZero();
            assertThat(drain.err())
                    .contains("cannot delete the server could not find the requested resource: ")
                    .contains("kube-system/kube-proxy-")
                    .contains("kube-system/kindnet-");
        } finally {
            kubectl.run("uncordon", node).assertOk();
        }
    }

    @Test
    void aBudgetWithMinAvailableHoldsTheEvictionBack() throws Exception {
        kubectl.runWithInput(
                        pod("guarded-1", "app: guarded", "sandbox-worker-1") + "---\n"
                                + pod("guarded-2", "app: guarded", "sandbox-worker-2") + "---\n" + """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: guarded
        spec:
          minAvailable: 2
          selector:
            matchLabels:
              app: guarded
        """,
                        "apply",
                        "-f",
                        "-")
                .assertOk();
        // both pods Ready: the budget then allows no disruption
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kubectl.run(
                                        "get",
                                        "pdb",
                                        "guarded",
                                        "-o",
                                        "jsonpath={.status.currentHealthy} {.status.desiredHealthy} {.status.expectedPods} {.status.disruptionsAllowed}")
                                .assertOk()
                                .out())
                        .isEqualTo("2 2 2 0"));
        assertThat(Kind.words(
                        kubectl.run("get", "pdb", "guarded").assertOk().lines().get(1)))
                .startsWith("guarded", "2", "N/A", "0");
        try {
            Kubectl.Result drain =
                    kubectl.run("drain", "sandbox-worker-1", "--ignore-daemonsets", "--force", "--timeout=6s");

            assertThat(drain.exitCode()).isNotZero();
            assertThat(drain.err())
                    .contains("error when evicting pods/\"guarded-1\" -n \"default\"")
                    .contains("Cannot evict pod as it would violate the pod's disruption budget");
            assertThat(kubectl.run("get", "pod", "guarded-1", "-o", "name")
                            .assertOk()
                            .out()
                            .trim())
                    .isEqualTo("pod/guarded-1");
            // the same through a direct request (kubectl create --raw streams the file without a Content-Type)
            Path eviction = tmp.resolve("eviction.json");
            Files.writeString(
                    eviction,
                    "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\","
                            + "\"metadata\":{\"name\":\"guarded-2\",\"namespace\":\"default\"}}");
            Kubectl.Result direct = kubectl.run(
                    "create", "--raw", "/api/v1/namespaces/default/pods/guarded-2/eviction", "-f", eviction.toString());
            assertThat(direct.exitCode()).isNotZero();
            assertThat(direct.err())
                    .contains("Error from server (TooManyRequests): Cannot evict pod as it would violate "
                            + "the pod's disruption budget.");
            assertThat(kubectl.run(
                                    "get",
                                    "pdb",
                                    "guarded",
                                    "-o",
                                    "jsonpath={.status.currentHealthy} {.status.desiredHealthy} {.status.expectedPods} {.status.disruptionsAllowed}")
                            .assertOk()
                            .out())
                    .isEqualTo("2 2 2 0");
        } finally {
            kubectl.run("uncordon", "sandbox-worker-1").assertOk();
        }
    }

    @Test
    void aBudgetWithMaxUnavailablePercentCountsTheDaemonSetsPods() {
        kubectl.runWithInput("""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: kindnet
          namespace: kube-system
        spec:
          maxUnavailable: 50%
          selector:
            matchLabels:
              app: kindnet
        """, "apply", "-f", "-").assertOk();
        try {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(kubectl.run(
                                            "get",
                                            "pdb",
                                            "-n",
                                            "kube-system",
                                            "kindnet",
                                            "-o",
                                            "jsonpath={.status.expectedPods} {.status.desiredHealthy} {.status.currentHealthy} {.status.disruptionsAllowed}")
                                    .assertOk()
                                    .out())
                            .isEqualTo("4 2 4 2"));
            assertThat(Kind.words(kubectl.run("get", "pdb", "-n", "kube-system", "kindnet")
                            .assertOk()
                            .lines()
                            .get(1)))
                    .startsWith("kindnet", "N/A", "50%", "2");
        } finally {
            kubectl.run("delete", "pdb", "-n", "kube-system", "kindnet").assertOk();
        }
    }

    private static String pod(String name, String labels, String node) {
        return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          labels:
            %s
        spec:
          nodeName: %s
          containers:
          - name: main
            image: registry.k8s.io/pause:3.10
        """.formatted(name, labels, node);
    }

    /** Splits kubectl's table output. */
    static final class Kind {
        private Kind() {}

        static List<String> words(String line) {
            return List.of(line.trim().split("\\s+"));
        }
    }
}
