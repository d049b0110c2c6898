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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

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
