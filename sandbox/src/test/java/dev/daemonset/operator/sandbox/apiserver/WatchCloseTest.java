package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that closes its watch while events stream to it must not stall the server for everyone else. */
class WatchCloseTest {
    @Test
    @Timeout(120)
    void closingWatchesWhileEventsStreamLeavesTheServerResponsive() throws Exception {
        try (ApiServer server = ApiServer.start(0, Clock.systemUTC());
                KubernetesClient writer = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                                        io.fabric8.kubernetes.client.Config.empty())
                                .withMasterUrl(server.url())
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build()) {
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    int n = written.incrementAndGet();
                    writer.configMaps()
                            .inNamespace("default")
                            .resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("cm-" + n)
                                    .endMetadata()
                                    .addToData("n", String.valueOf(n))
                                    .build())
                            .create();
                }
            });
            try {
                for (int round = 0; round < 10; round++) {
                    List<KubernetesClient> watchers = new ArrayList<>();
                    List<Watch> watches = new ArrayList<>();
                    AtomicInteger seen = new AtomicInteger();
                    for (int i = 0; i < 4; i++) {
                        KubernetesClient c = Sandbox.newClient(server.url());
                        watchers.add(c);
                        watches.add(c.configMaps().inNamespace("default").watch(counting(seen)));
                    }
                    int target = seen.get() + 200;
                    awaitUntil(() -> seen.get() >= target, Duration.ofSeconds(30));
                    watches.forEach(Watch::close);
                    watchers.forEach(KubernetesClient::close);

                    for (int i = 0; i < 4; i++) {
                        try (KubernetesClient probe = Sandbox.newClient(server.url())) {
                            long started = System.nanoTime();
                            probe.configMaps()
                                    .inNamespace("default")
                                    .withName("cm-1")
                                    .get();
                            assertThat(Duration.ofNanos(System.nanoTime() - started))
                                    .as("a read right after watches closed")
                                    .isLessThan(Duration.ofSeconds(3));
                        }
                    }
                }
            } finally {
                writing.set(false);
                churn.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Watcher<ConfigMap> counting(AtomicInteger seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.incrementAndGet();
            }

            @Override
            public void onClose(WatcherException cause) {
                // expected when the test closes it
            }
        };
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration within) {
        org.awaitility.Awaitility.await()
                .atMost(within)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
