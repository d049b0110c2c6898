package dev.daemonset.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.SandboxOptions;
import dev.daemonset.operator.testing.KubeconfigCluster.OperatorSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end suite's way onto an existing cluster ({@code -De2e.kubeconfig}), tried on a sandbox started
 * without an operator, as a user would start one for it: the operator it starts from this build does the
 * work and stops with the cluster, and a wrong setting is named rather than left to fail the tests.
 */
@Tag("operator-e2e")
@Timeout(120)
class KubeconfigClusterTest {
    private static final Map<String, String> LABELS = Map.of("app", "agent");

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;

    @BeforeAll
    static void startSandboxWithoutOperator() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(tmp.resolve("sandbox.kubeconfig"))
                .withReadyAfter(Duration.ofMillis(200))
                .withOperator(false));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void processModeRunsTheOperatorFromThisBuildUntilTheClusterIsClosed() {
        KubernetesClient client = sandbox.client();
        try (ClusterUnderTest cluster = KubeconfigCluster.connect(sandbox.kubeconfig(), OperatorSource.PROCESS)) {
            DaemonSet ds = Fixtures.daemonSet("agent", "default", LABELS);
            ds.getMetadata().setUid(null);
            ds.getMetadata().setGeneration(null);
            cluster.client().resources(DaemonSet.class).resource(ds).create();

            await("a ready agent pod on each of the 3 workers")
                    .atMost(cluster.patience())
                    .untilAsserted(() ->
                            assertThat(agentPods(client)).hasSize(3).allMatch(KubeconfigClusterTest::isReady, "ready"));
        }

        Pod victim = agentPods(client).get(0);
        client.pods().resource(victim).delete();
        await("no operator replaces a deleted pod once the cluster is closed")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> agentPods(client).size() == 2);
    }

    @Test
    void installedModeRefusesAClusterWithoutAnInstalledOperator() {
        assertThatThrownBy(() -> KubeconfigCluster.connect(sandbox.kubeconfig(), OperatorSource.INSTALLED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no ready Deployment daemonset-operator/daemonset-operator")
                .hasMessageEndingWith("kubectl apply -f crds/ -f deploy/");
    }

    @Test
    void aKubeconfigThatIsNotThereIsNamed() {
        Path missing = tmp.resolve("missing.kubeconfig");

        assertThatThrownBy(() -> KubeconfigCluster.connect(missing, OperatorSource.PROCESS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-De2e.kubeconfig=" + missing + ": no such file");
    }

    @Test
    void theOperatorComesFromAProcessUnlessInstalledIsAskedFor() {
        assertThat(OperatorSource.named("")).isEqualTo(OperatorSource.PROCESS);
        assertThat(OperatorSource.named("installed")).isEqualTo(OperatorSource.INSTALLED);
        assertThatThrownBy(() -> OperatorSource.named("helm"))
                .hasMessage("-De2e.operator=helm: expected process or installed");
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Pod> agentPods(KubernetesClient client) {
        return client.pods().inNamespace("default").withLabels(LABELS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
