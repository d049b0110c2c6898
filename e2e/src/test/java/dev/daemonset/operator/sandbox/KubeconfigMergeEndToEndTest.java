package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kubeconfig FILE} with the installed kubectl: a missing file gets the sandbox's own kubeconfig;
 * an existing one gets a sandbox context, current while the sandbox runs, and its own back afterwards.
 */
@Timeout(90)
class KubeconfigMergeEndToEndTest {
    private static final String USERS_CONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://prod.example:6443
      - name: sandbox
        cluster:
          server: http://stale.example:1
      contexts:
      - name: prod
        context:
          cluster: prod
          user: alice
          namespace: web
      - name: staging
        context:
          cluster: prod
          user: alice
          namespace: staging
      current-context: prod
      preferences: {}
      users:
      - name: alice
        user:
          token: not-a-real-token
      """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void kubectlInstalled() {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH: the sandbox end-to-end tests run the real kubectl (install kubectl 1.32)")
                .isNotNull();
    }

    private static SandboxOptions options(Path kubeconfig) {
        return new SandboxOptions(0, 0, kubeconfig, Duration.ofMillis(100), false);
    }

    /** {@code config get-contexts} as (marker, name, namespace) rows, the marker "*" for the current context. */
    private List<String> contexts(Kubectl kubectl, Path file) {
        return kubectl.run("--kubeconfig", file.toString(), "config", "get-contexts").assertOk().lines().stream()
                .skip(1)
                .map(l -> l.startsWith("*")
                        ? "* " + l.substring(1).trim().split("\\s+")[0]
                        : "  " + l.trim().split("\\s+")[0])
                .toList();
    }

    @Test
    void anExistingKubeconfigGetsTheSandboxContextWhileItRuns() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, USERS_CONFIG);
        Kubectl kubectl = new Kubectl(file, tmp.resolve("kube-cache"));

        try (Sandbox sandbox = Sandbox.start(options(file))) {
            assertThat(sandbox.kubeconfig()).isEqualTo(file.toAbsolutePath().normalize());
            assertThat(contexts(kubectl, file)).containsExactly("  prod", "* sandbox", "  staging");
            assertThat(kubectl.run("--kubeconfig", file.toString(), "get", "nodes", "-o", "name")
                            .assertOk()
                            .out()
                            .trim())
                    .isEqualTo("node/sandbox-control-plane");
            assertThat(kubectl.run(
                                    "--kubeconfig",
                                    file.toString(),
                                    "config",
                                    "view",
                                    "-o",
                                    "jsonpath={.clusters[?(@.name==\"sandbox\")].cluster.server}")
                            .assertOk()
                            .out())
                    .isEqualTo(sandbox.url());
        }

        assertThat(contexts(kubectl, file)).containsExactly("* prod", "  staging");
        assertThat(kubectl.run(
                                "--kubeconfig",
                                file.toString(),
                                "config",
                                "view",
                                "-o",
                                "jsonpath={.clusters[*].name} {.users[*].name} {.contexts[?(@.name==\"staging\")].context.namespace}")
                        .assertOk()
                        .out())
                .isEqualTo("prod alice staging");
        assertThat(kubectl.run(
                                "--kubeconfig",
                                file.toString(),
                                "config",
                                "view",
                                "--raw",
                                "-o",
                                "jsonpath={.users[0].user.token}")
                        .assertOk()
                        .out())
                .isEqualTo("not-a-real-token");
    }

    @Test
    void aMissingKubeconfigIsWrittenForTheSandbox() throws Exception {
        Path file = tmp.resolve("sub").resolve("sandbox.kubeconfig");
        Kubectl kubectl = new Kubectl(file, tmp.resolve("kube-cache"));

        try (Sandbox sandbox = Sandbox.start(options(file))) {
            assertThat(contexts(kubectl, file)).containsExactly("* sandbox");
            assertThat(kubectl.run("get", "nodes", "-o", "name")
                            .assertOk()
                            .out()
                            .trim())
                    .isEqualTo("node/sandbox-control-plane");
        }
        // the sandbox's own kubeconfig stays (as before); the next run overwrites it
        assertThat(Files.readString(file)).startsWith(SandboxKubeconfig.MARKER);
        try (Sandbox again = Sandbox.start(options(file))) {
            assertThat(contexts(kubectl, file)).containsExactly("* sandbox");
            assertThat(Files.readString(file)).contains("server: " + again.url());
        }
    }
}
