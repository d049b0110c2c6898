package dev.daemonset.operator.cli;

import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.testing.Http;
import dev.daemonset.operator.testing.MockCluster;
import dev.daemonset.operator.testing.TokenKubeconfig;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path tmp;

    /** Parses like main() does, keeping the RunCommand so the test can stop it as SIGTERM would. */
    private static final class Cli {
        final RunCommand run = new RunCommand();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine;

        Cli() {
            commandLine = RunningOperator.commandLine(run, err);
        }

        int execute(String... args) {
            return commandLine.execute(args);
        }
    }

    @Test
    void runsAgainstTheKubeconfigServesProbesAndMetricsAndStopsCleanly() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.createNode(node("node-1"));
            Path kubeconfig = Files.writeString(tmp.resolve("config"), cluster.kubeconfig());
            int metricsPort = RunningOperator.freePort();
            int healthPort = RunningOperator.freePort();
            Cli cli = new Cli();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                    "run",
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "--metrics-port",
                    String.valueOf(metricsPort),
                    "--health-port",
                    String.valueOf(healthPort),
                    "--leader-elect",
                    "--lease-namespace",
                    "default",
                    "--workers",
                    "2"));

            await().atMost(MockCluster.TIMEOUT)
                    .ignoreExceptions()
                    .until(() -> Http.get(healthPort, "/readyz").statusCode() == 200);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> Http.get(metricsPort, "/metrics").body().contains("dds_leader 1.0"));
            assertThat(cluster.client()
                            .leases()
                            .inNamespace("default")
                            .withName("daemonset-operator")
                            .get())
                    .isNotNull();

            cli.run.stopRequested.countDown();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(cli.err.toString()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--workers 0                           | --workers must be at least 1",
                "--metrics-port 70000                  | --metrics-port must be between 0 (off) and 65535",
                "--health-port -1                      | --health-port must be between 0 (off) and 65535",
                "--metrics-port 9000 --health-port 9000 | --metrics-port and --health-port must differ",
                "--namespace a --all-namespaces        | mutually exclusive",
                "--log-format xml                      | Invalid value for option '--log-format'",
                "--leader-elect --lease-duration-seconds 5 --renew-deadline-seconds 10 | must be longer than the renew deadline",
                "--kubeconfig /nonexistent/config      | cannot read kubeconfig /nonexistent/config: no such file"
            })
    void badInputGetsAClearErrorAndANonZeroExit(String args, String message) {
        Cli cli = new Cli();
        int code = cli.execute(("run " + args.trim()).split("\\s+"));
        assertThat(code).isNotZero();
        assertThat(cli.err.toString()).contains(message).doesNotContain("\tat ");
    }

    @Test
    void leaderElectionSettingsComeFromThePodAndTheFlags() {
        Cli cli = new Cli();
        cli.commandLine.parseArgs(
                "run", "--leader-elect", "--lease-name", "my-lease", "--workers", "7", "-n", "team-a");
        PodEnvironment pod =
                new PodEnvironment(Map.of("POD_NAME", "operator-abc", "POD_NAMESPACE", "ops"), tmp.resolve("absent"));
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.empty())
                .build()) {
            OperatorConfig config = cli.run.operatorConfig(client, pod);
            assertThat(config.namespace()).isEqualTo("team-a");
            assertThat(config.workers()).isEqualTo(7);
            assertThat(config.leaderElection().leaseNamespace()).isEqualTo("ops");
            assertThat(config.leaderElection().leaseName()).isEqualTo("my-lease");
            assertThat(config.leaderElection().identity()).isEqualTo("operator-abc");
            assertThat(config.leaderElection().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        }
    }

    @Test
    void theClientOfEveryCommandNeverReSendsAFailedRequestOnItsOwn() throws Exception {
        KubeconfigOption kube = runsKubeconfig();
        try (var run = kube.operatorClient();
                var oneShot = kube.client()) {
            assertThat(run.getConfiguration().getRequestRetryBackoffLimit()).isZero();
            assertThat(oneShot.getConfiguration().getRequestRetryBackoffLimit()).isZero();
        }
    }

    @Test
    void runTalksOverVertxAndTheOneShotCommandsOverTheJdkClient() throws Exception {
        KubeconfigOption kube = runsKubeconfig();
        try (var run = kube.operatorClient();
                var oneShot = kube.client()) {
            assertThat(run.getHttpClient().getClass().getName()).contains(".vertx5.");
            assertThat(oneShot.getHttpClient().getClass().getName()).contains(".jdkhttp.");
        }
    }

    /** run's --kubeconfig option, parsed from a command line naming a token kubeconfig. */
    private KubeconfigOption runsKubeconfig() throws IOException {
        Path kubeconfig = TokenKubeconfig.write(tmp.resolve("kubeconfig"), "https://127.0.0.1:6443");
        Cli cli = new Cli();
        cli.commandLine.parseArgs("run", "--kubeconfig", kubeconfig.toString());
        return cli.run.kube;
    }

    @Test
    void runElectsALeaderByDefaultAsKubeControllerManagerDoes() {
        Cli cli = new Cli();
        cli.commandLine.parseArgs("run");
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.empty())
                .build()) {
            OperatorConfig config = cli.run.operatorConfig(
                    client,
                    new PodEnvironment(
                            Map.of("POD_NAME", "operator-abc", "POD_NAMESPACE", "ops"), tmp.resolve("absent")));
            assertThat(config.leaderElection()).isNotNull();
            assertThat(config.leaderElection().identity()).isEqualTo("operator-abc");
        }
    }

    @Test
    void withLeaderElectionTurnedOffTheOperatorLeadsAlone() {
        Cli cli = new Cli();
        cli.commandLine.parseArgs("run", "--all-namespaces", "--leader-elect=false");
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.empty())
                .build()) {
            OperatorConfig config = cli.run.operatorConfig(client, new PodEnvironment(Map.of(), tmp.resolve("absent")));
            assertThat(config.leaderElection()).isNull();
            assertThat(config.namespace()).isNull();
        }
    }
}
