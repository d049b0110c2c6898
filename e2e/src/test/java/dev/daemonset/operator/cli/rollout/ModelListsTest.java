package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.daemonset.operator.client.OperatorClients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lists explain and describe read are decoded by the DaemonSet's strict mapper, for speed; an object that mapper
 * refuses (a type a validating server would have refused, kept by a store that does not validate) must still be
 * read, as the client reads it, rather than fail the command. The sandbox's API server normalises what it stores, so
 * this serves the stored JSON itself.
 */
class ModelListsTest {
    private static final String PODS = """
            {"apiVersion": "v1", "kind": "PodList", "metadata": {"resourceVersion": "7"}, "items": [
              {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "agent-a", "namespace": "odd", "labels": {"app": "agent", "build": 7}},
               "spec": {"nodeName": "worker-1", "containers": [{"name": "agent", "image": "agent:1",
                 "ports": [{"containerPort": "9100"}]}]}},
              {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "agent-b", "namespace": "odd", "labels": {"app": "agent"}},
               "spec": {"nodeName": "worker-2", "containers": [{"name": "agent", "image": "agent:1"}]}}
            ]}
            """;

    private HttpServer server;
    private KubernetesClient client;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/namespaces/odd/pods", exchange -> {
            byte[] body = PODS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = OperatorClients.client(OperatorClients.forMasterUrl(
                "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aListWithAFieldOfTheWrongTypeIsReadAsTheClientReadsIt() {
        List<Pod> pods = ModelLists.pods(client, "odd");

        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("agent-a", "agent-b");
        assertThat(pods.get(0).getSpec().getNodeName()).isEqualTo("worker-1");
        assertThat(pods.get(0)
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getContainerPort())
                .isEqualTo(9100);
    }
}
