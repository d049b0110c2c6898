package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explain sends its reads at once; a read the server refuses must still be told as kubectl tells it, with the
 * server's reason and message, and not as an exception from whichever thread sent it. The sandbox's server grants
 * everything, so this one serves the DaemonSet and refuses the node list, as RBAC without "list nodes" does.
 */
class ExplainServerRefusalTest {
    private static final String DAEMON_SET = """
            {"apiVersion": "daemonset.dev/v1alpha1", "kind": "DaemonSet",
             "metadata": {"name": "agent", "namespace": "default", "uid": "u-1", "generation": 1},
             "spec": {"selector": {"matchLabels": {"app": "agent"}},
                      "template": {"metadata": {"labels": {"app": "agent"}},
                                   "spec": {"containers": [{"name": "agent", "image": "agent:1"}]}}}}
            """;
    private static final String FORBIDDEN = """
            {"apiVersion": "v1", "kind": "Status", "status": "Failure", "reason": "Forbidden", "code": 403,
             "message": "nodes is forbidden: User \\"viewer\\" cannot list resource \\"nodes\\" in API group \\"\\" at the cluster scope"}
            """;
    private static final String EMPTY_LIST = """
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": "1"}, "items": []}
            """;

    private HttpServer server;
    private Path kubeconfig;

    @BeforeEach
    void serve(@TempDir Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/apis/daemonset.dev/v1alpha1/namespaces/default/daemonsets/agent")) {
                answer(exchange, 200, DAEMON_SET);
            } else if (path.equals("/api/v1/nodes")) {
                answer(exchange, 403, FORBIDDEN);
            } else {
                answer(exchange, 200, EMPTY_LIST);
            }
        });
        server.start();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "http://127.0.0.1:%d"}
                users:
                - name: viewer
                  user: {token: t}
                contexts:
                - name: c
                  context: {cluster: c, user: viewer, namespace: default}
                current-context: c
                """.formatted(server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRefusedListIsToldAsKubectlTellsIt() {
        InProcessCli.Result r = InProcessCli.start(
                        "explain",
                        MockCluster.TIMEOUT,
                        List.of("explain", "agent", "--kubeconfig", kubeconfig.toString()))
                .awaitExit();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("Error from server (Forbidden): nodes is forbidden: User \"viewer\" cannot list resource"
                        + " \"nodes\" in API group \"\" at the cluster scope\n");
    }

    private static void answer(HttpExchange exchange, int code, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
