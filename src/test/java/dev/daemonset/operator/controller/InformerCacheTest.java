package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.testing.MockCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
    cluster.isolate("op");
    try (InformerCache cache = new InformerCache(cluster.clientFor("op"), null, Duration.ofMinutes(5), restarts)) {
      CompletableFuture<Void> synced = CompletableFuture.runAsync(() -> {
        try {
          cache.startAndSync(Duration.ofSeconds(60));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await().atMost(MockCluster.TIMEOUT).until(() -> restarts.of("daemonsets") >= 1 && restarts.of("nodes") >= 1);
      assertThat(synced).isNotDone();

      cluster.reconnect("op");

      synced.get(MockCluster.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(cache.hasSynced()).isTrue();
      assertThat(cache.daemonSets()).extracting(ds -> ds.getMetadata().getName()).containsExactly("agent");
      assertThat(cache.nodes()).hasSize(1);
      // and the watches are up again, not left dead (closing one still being opened stalls the mock server)
      await().atMost(MockCluster.TIMEOUT).until(cache::isWatching);
    }
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
