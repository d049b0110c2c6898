package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A status write that meets a conflict re-reads the object and keeps what others wrote there. */
class KubernetesStatusWriterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Answers the first status write with 409; the stored object has collisionCount 2 (raised meanwhile). */
    private static final class ConflictOnce extends Dispatcher {
        final List<JsonNode> written = new CopyOnWriteArrayList<>();
        final String stored;
        boolean conflicted;

        ConflictOnce(String stored) {
            this.stored = stored;
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            if ("GET".equals(request.getMethod())) {
                return new MockResponse().setResponseCode(200).setBody(stored);
            }
            if (!conflicted) {
                conflicted = true;
                return new MockResponse()
                        .setResponseCode(409)
                        .setBody(
                                "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                        + "\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,\"message\":\"the object has been modified\"}");
            }
            JsonNode body = JSON.readTree(request.getBody().readUtf8());
            written.add(body);
            return new MockResponse().setResponseCode(200).setBody(body.toString());
        }
    }

    @Test
    void aStatusComputedFromAnOlderCacheNeverLowersTheStoredCollisionCount() {
        DaemonSet cached = Fixtures.daemonSet("agent");
        cached.getMetadata().setResourceVersion("5");
        String stored =
                "{\"apiVersion\":\"daemonset.dev/v1alpha1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"agent\","
                        + "\"namespace\":\"default\",\"uid\":\""
                        + cached.getMetadata().getUid() + "\",\"resourceVersion\":\"7\"},"
                        + "\"spec\":{},\"status\":{\"collisionCount\":2,\"numberReady\":0}}";
        ConflictOnce dispatcher = new ConflictOnce(stored);
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        // the client run ships, as the operator's status writer uses it
        try (KubernetesClient client = OperatorClients.client(OperatorClients.forMasterUrl(server.url("/")))) {
            DaemonSetStatus ours = new DaemonSetStatus();
            ours.setCollisionCount(1);
            ours.setNumberReady(3);

            new KubernetesStatusWriter(client, Set.of()).write(cached, ours);

            assertThat(dispatcher.written).singleElement().satisfies(body -> {
                assertThat(body.path("status").path("collisionCount").asInt())
                        .as("collisionCount")
                        .isEqualTo(2);
                assertThat(body.path("status").path("numberReady").asInt())
                        .as("our counters")
                        .isEqualTo(3);
                assertThat(body.path("metadata").path("resourceVersion").asString())
                        .isEqualTo("7");
            });
        } finally {
            server.destroy();
        }
    }
}
