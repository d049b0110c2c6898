package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Watches from a resourceVersion, and across an API server restart, miss nothing, deletions included. */
class WatchResumeTest extends ServerAndClient {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aWatchFromAResourceVersionGetsExactlyTheChangesSinceThenInOrder() {
        create("gone");
        create("changed");
        String rv =
                client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("default").withName("gone").delete();
        client.configMaps().inNamespace("default").withName("changed").edit(cm -> {
            cm.setData(java.util.Map.of("k", "v2"));
            return cm;
        });
        create("new");

        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch w = client.configMaps()
                .inNamespace("default")
                .withResourceVersion(rv)
                .watch(recording(events))) {
            await().atMost(WAIT).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("DELETED gone", "MODIFIED changed", "ADDED new");
        }
    }

    @Test
    void anInformerLearnsOfADeletionThatHappenedWhileTheApiServerWasDown() {
        create("stays");
        create("deleted-while-down");
        SharedIndexInformer<ConfigMap> informer =
                client.configMaps().inNamespace("default").inform();
        try {
            await().atMost(WAIT).until(() -> informer.getStore().list().size() == 2);
            server.stopListening();
            // the garbage collector's way in: the store, not HTTP, so it works while the server does not listen
            server.dispatcher()
                    .call(HttpMethod.DELETE, "/api/v1/namespaces/default/configmaps/deleted-while-down", null, null);
            server.listenAgain();

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(informer.getStore().list())
                            .extracting(cm -> cm.getMetadata().getName())
                            .containsExactly("stays"));
        } finally {
            informer.close();
        }
    }

    @Test
    void aWatchFromBeyondTheChangeHistoryEndsWith410ExpiredOverWebSocketAndHttp() throws Exception {
        create("first");
        String rv =
                client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
        outrunChangeHistory();

        // WebSocket, as fabric8's informers watch: the client closes the watch with the server's status
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try (Watch w = client.configMaps()
                .inNamespace("default")
                .withResourceVersion(rv)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap cm) {}

                    @Override
                    public void onClose(WatcherException cause) {
                        closed.complete(cause);
                    }
                })) {
            WatcherException cause = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(cause.isHttpGone()).as(cause.toString()).isTrue();
        }

        // HTTP, as kubectl -w watches: one line, an ERROR event holding the Status
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url()
                                        + "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=" + rv))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode event = Json.parse(lines.get(0));
        assertThat(event.get("type").asString()).isEqualTo("ERROR");
        assertThat(event.get("object").get("kind").asString()).isEqualTo("Status");
        assertThat(event.get("object").get("code").asInt()).isEqualTo(410);
        assertThat(event.get("object").get("reason").asString()).isEqualTo("Expired");
        assertThat(event.get("object").get("message").asString()).startsWith("too old resource version: " + rv + " (");
    }

    private void create(String name) {
        client.configMaps()
                .inNamespace("default")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .addToData("k", "v1")
                        .build())
                .create();
    }

    private static Watcher<ConfigMap> recording(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                events.add(action + " " + cm.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test closes it
            }
        };
    }
}
