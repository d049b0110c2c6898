package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import dev.daemonset.operator.testing.TokenKubeconfig;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot commands build no TLS context for a plain-http API server (the sandbox's), which spares them reading
 * the JDK's trust store at every start. That must not loosen anything for an https server: one whose certificate
 * nothing in the kubeconfig vouches for is refused, as kubectl refuses it.
 */
class KubeconfigTlsTest {
    private KubernetesMockServer server;

    @BeforeEach
    void startHttpsServer() {
        // answers every request 404: reaching it at all is what these tests look at
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new MockDispatcher(new HashMap<>()), true);
        server.init();
    }

    @AfterEach
    void stopServer() {
        server.destroy();
    }

    @Test
    void anHttpsServerWithAnUnknownCertificateIsRefused(@TempDir Path dir) throws IOException {
        InProcessCli.Result result = explain(TokenKubeconfig.write(dir.resolve("kubeconfig"), serverUrl()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("error: unable to reach the Kubernetes API server at https://")
                .containsIgnoringCase("certification path")
                .doesNotContain("not found");
    }

    @Test
    void theSameServerIsReachedWhenTheKubeconfigSaysToSkipVerification(@TempDir Path dir) throws IOException {
        InProcessCli.Result result =
                explain(TokenKubeconfig.writeSkippingTlsVerification(dir.resolve("kubeconfig"), serverUrl()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("\"agent\" not found");
    }

    private InProcessCli.Result explain(Path kubeconfig) {
        return InProcessCli.start(
                        "explain",
                        MockCluster.TIMEOUT,
                        List.of("explain", "agent", "--kubeconfig", kubeconfig.toString()))
                .awaitExit();
    }

    private String serverUrl() {
        return "https://" + server.getHostName() + ":" + server.getPort();
    }
}
