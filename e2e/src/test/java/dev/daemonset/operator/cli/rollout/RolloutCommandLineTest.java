package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createDaemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every rollout subcommand shares: the namespace, the kubeconfig, the argument forms and usage errors. */
class RolloutCommandLineTest {
    private static MockCluster cluster;
    private static Path dir;

    @BeforeAll
    static void startCluster(@TempDir Path tmp) {
        cluster = MockCluster.start();
        dir = tmp;
        createDaemonSet(cluster, "agent", "default", "1.0");
        createDaemonSet(cluster, "agent", "monitoring", "1.0");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void theNamespaceComesFromTheKubeconfigContext() {
        RolloutCli cli = RolloutCli.against(cluster, dir, "monitoring");
        cli.run("pause", "agent");

        assertThat(RolloutFixtures.get(cluster, "monitoring", "agent").getSpec().getUpdateStrategy())
                .isNotNull();
        assertThat(RolloutFixtures.get(cluster, "default", "agent").getSpec().getUpdateStrategy())
                .isNull();
        cli.run("resume", "agent");
    }

    @Test
    void withoutANamespaceInTheContextItIsDefault() {
        RolloutCli cli = RolloutCli.against(cluster, dir, null);

        assertThat(cli.run("history", "agent").exitCode()).isZero();
        assertThat(cli.run("history", "agent", "--namespace", "nowhere").err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"agent\" not found\n");
    }

    @Test
    void theFlagWinsOverTheContext() {
        RolloutCli cli = RolloutCli.against(cluster, dir, "nowhere");

        assertThat(cli.run("history", "agent", "-n", "monitoring").out()).startsWith("daemonset.daemonset.dev/agent\n");
    }

    @Test
    void anotherKindIsRefusedWithAHint() {
        InProcessCli.Result result = RolloutCli.against(cluster, dir, "default").run("restart", "deployment/agent");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("error: rollout here only manages daemonsets.daemonset.dev, not \"deployment\";"
                        + " use kubectl rollout for built-in kinds\n");
    }

    @Test
    void aMissingKubeconfigIsReportedPlainly() {
        InProcessCli.Result result = RolloutCli.against(cluster, dir, "default")
                .run(
                        "status",
                        "agent",
                        "--kubeconfig",
                        dir.resolve("missing.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("error: cannot read kubeconfig " + dir.resolve("missing.yaml") + ": no such file\n");
    }

    @Test
    void anUnreachableServerIsReportedAtOnceWithoutRetrying() throws Exception {
        Path kubeconfig = dir.resolve("unreachable.yaml");
        Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """);
        long start = System.nanoTime();

        InProcessCli.Result result = RolloutCli.against(cluster, dir, "default")
                .run("history", "agent", "--kubeconfig", kubeconfig.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("error: unable to reach the Kubernetes API server at http://127.0.0.1:1/: ")
                .containsIgnoringCase("refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingSubcommandOrNameIsAUsageError() {
        RolloutCli cli = RolloutCli.against(cluster, dir, "default");

        InProcessCli.Result noSubcommand = cli.run();
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err())
                .contains("Missing subcommand: one of status, history, undo, restart, pause, resume")
                .contains("Usage: daemonset-operator rollout");

        InProcessCli.Result noName = cli.run("undo");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("Missing required parameter: 'NAME'");
    }
}
