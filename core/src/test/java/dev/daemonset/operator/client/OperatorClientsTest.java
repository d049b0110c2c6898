package dev.daemonset.operator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client every command ships: a failed request is not re-sent, the timeouts are the stated ones. */
class OperatorClientsTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";

    private KubernetesMockServer server;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(false);
        server.init();
    }

    @AfterEach
    void stopServer() {
        server.destroy();
    }

    @Test
    void aRequestAnswered503FailsAtOnceInsteadOfBeingSentAgain() {
        server.expect().get().withPath(PODS).andReturn(503, "{}").once();
        server.expect()
                .get()
                .withPath(PODS)
                .andReturn(200, new PodListBuilder().build())
                .always();
        try (KubernetesClient client = OperatorClients.client(OperatorClients.forMasterUrl(server.url("/")))) {
            assertThatThrownBy(() -> client.pods().inNamespace("default").list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(503));
        }
        assertThat(server.getRequestCount()).as("requests the server saw").isEqualTo(1);
    }

    @Test
    void anObjectIsReadWithoutItsManagedFieldsAndWrittenBackWithoutThemSoTheServerKeepsItsOwn() throws Exception {
        String stored = """
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "agent-1", "namespace": "default", "resourceVersion": "7",
                   "labels": {"app": "agent"},
                   "managedFields": [{"manager": "kubelet", "operation": "Update", "apiVersion": "v1",
                     "fieldsType": "FieldsV1", "fieldsV1": {"f:status": {"f:phase": {}}}}]},
                 "spec": {"nodeName": "node-1", "containers": [{"name": "agent", "image": "agent:1"}]},
                 "status": {"phase": "Running"}}
                """;
        server.expect().get().withPath(PODS + "/agent-1").andReturn(200, stored).always();
        server.expect()
                .put()
                .withPath(PODS + "/agent-1/status")
                .andReturn(200, stored)
                .once();
        try (KubernetesClient client = OperatorClients.client(OperatorClients.forMasterUrl(server.url("/")))) {
            Pod read = client.pods().inNamespace("default").withName("agent-1").get();

            assertThat(read.getMetadata().getManagedFields()).isEmpty();
            assertThat(read.getMetadata().getLabels()).containsEntry("app", "agent");
            assertThat(read.getStatus().getPhase()).isEqualTo("Running");

            client.pods().inNamespace("default").resource(read).updateStatus();
        }
        server.takeRequest(); // the GET
        RecordedRequest update = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(update.getMethod()).isEqualTo("PUT");
        assertThat(update.getBody().readUtf8())
                .as("no managedFields sent: a real API server takes that as unchanged")
                .doesNotContain("managedFields")
                .contains("\"phase\":\"Running\"");
    }

    @Test
    void timeoutsAreTheStatedOnesAndFabric8sDefaults() {
        Config config = OperatorClients.forMasterUrl("https://127.0.0.1:6443");
        assertThat(config.getRequestTimeout())
                .isEqualTo((int) OperatorClients.REQUEST_TIMEOUT.toMillis())
                .isEqualTo(Config.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.getConnectionTimeout())
                .isEqualTo((int) OperatorClients.CONNECTION_TIMEOUT.toMillis())
                .isEqualTo(Config.empty().getConnectionTimeout());
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
        assertThat(config.getNamespace()).isEqualTo("default");
    }

    @Test
    void aKubeconfigKeepsItsClusterCredentialsAndNamespaceAndGetsTheShippedSettings(@TempDir Path tmp)
            throws Exception {
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.1.2.3:6443"}}]
        contexts: [{name: c, context: {cluster: c, user: u, namespace: team-a}}]
        users: [{name: u, user: {token: secret-token}}]
        current-context: c
        """);
        Config config = OperatorClients.configure(Config.fromKubeconfig(kubeconfig.toFile()));
        assertThat(config.getMasterUrl()).isEqualTo("https://10.1.2.3:6443/");
        assertThat(config.getAutoOAuthToken()).isEqualTo("secret-token");
        assertThat(config.getNamespace()).isEqualTo("team-a");
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
        assertThat(Duration.ofMillis(config.getRequestTimeout())).isEqualTo(OperatorClients.REQUEST_TIMEOUT);
        assertThat(Duration.ofMillis(config.getConnectionTimeout())).isEqualTo(OperatorClients.CONNECTION_TIMEOUT);
    }

    @Test
    void anExtraInterceptorAddsItsHeaderAndTheRequestIsOtherwiseTheSame() throws Exception {
        server.expect()
                .get()
                .withPath(PODS)
                .andReturn(200, new PodListBuilder().build())
                .always();
        Interceptor tag = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                builder.setHeader("X-Instance", "a");
            }
        };
        try (KubernetesClient plain = OperatorClients.client(OperatorClients.forMasterUrl(server.url("/")));
                KubernetesClient tagged =
                        OperatorClients.client(OperatorClients.forMasterUrl(server.url("/")), Map.of("tag", tag))) {
            plain.pods().inNamespace("default").list();
            tagged.pods().inNamespace("default").list();
        }
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getHeader("X-Instance")).isNull();
        assertThat(second.getHeader("X-Instance")).isEqualTo("a");
        assertThat(second.getMethod()).isEqualTo(first.getMethod());
        assertThat(second.getPath()).isEqualTo(first.getPath());
        assertThat(second.getHeaders().toMultimap())
                .as("every other header")
                .containsAllEntriesOf(first.getHeaders().toMultimap());
    }
}
