package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The caches outlive a failing API server: a failed list or watch is retried, counted, never left dead. */
class InformerCacheTest {
    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        cluster.createNode(node("node-1"));
        cluster.createDaemonSet(daemonSet("agent"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void listsThatFailAtStartAreRetriedUntilTheApiServerAnswersAndEachRestartIsCounted() throws Exception {
        RestartCount restarts = new RestartCount();
        List<String> synced = new CopyOnWriteArrayList<>();
        cluster.isolate("op");
        try (InformerCache cache = new InformerCache(cluster.clientFor("op"), null, Duration.ofMinutes(5), restarts)) {
            CompletableFuture<Void> allSynced = cache.start(synced::add);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> restarts.of("daemonsets") >= 1 && restarts.of("nodes") >= 1);
            assertThat(allSynced).isNotDone();
            assertThat(synced).isEmpty();
            assertThat(cache.notSynced()).containsExactly("nodes", "pods", "controllerrevisions", "daemonsets");
            assertThat(cache.notWatching()).containsExactly("nodes", "pods", "controllerrevisions", "daemonsets");
            assertThat(cache.lastFailure()).matches("[a-z]+ initial list failed: .*503.*");

            cluster.reconnect("op");

            allSynced.get(MockCluster.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(cache.hasSynced()).isTrue();
            assertThat(cache.notSynced()).isEmpty();
            assertThat(synced).containsExactlyInAnyOrder("nodes", "pods", "controllerrevisions", "daemonsets");
            assertThat(cache.daemonSets())
                    .extracting(ds -> ds.getMetadata().getName())
                    .containsExactly("agent");
            assertThat(cache.nodes()).hasSize(1);
            // and the watches are up again, not left dead (closing one still being opened stalls the mock server)
            await().atMost(MockCluster.TIMEOUT).until(cache::isWatching);
            assertThat(cache.notWatching()).isEmpty();
        }
    }

    @Test
    void aFailureIsDescribedByWhatFailedAndWhyWithoutTheWrappersRepeatingIt() {
        assertThat(InformerCache.describe(
                        new CompletionException(new ConnectException("Connection refused: /10.0.0.1:6443"))))
                .isEqualTo("Connection refused: /10.0.0.1:6443");
        assertThat(InformerCache.describe(new KubernetesClientException(
                        "Operation: [list] for kind: [Node] failed.",
                        new CompletionException(new ConnectException("Connection refused")))))
                .isEqualTo("Operation: [list] for kind: [Node] failed.: Connection refused");
        assertThat(InformerCache.describe(new IllegalStateException()))
                .as("no message: the kind of failure")
                .isEqualTo("IllegalStateException");
    }

    private static final class RestartCount implements java.util.function.Consumer<String> {
        private final Map<String, AtomicInteger> restarts = new ConcurrentHashMap<>();

        int of(String resource) {
            return restarts.getOrDefault(resource, new AtomicInteger()).get();
        }

        @Override
        public void accept(String resource) {
            restarts.computeIfAbsent(resource, r -> new AtomicInteger()).incrementAndGet();
        }
    }
}
