package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.metrics.PrometheusMetrics;
import dev.daemonset.operator.testing.MockCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every per-DaemonSet and per-node holder, filled for a DaemonSet and a node the caches hold and for a
 * DaemonSet and a node they do not (as a sync or node event under way when those went leaves it).
 */
class HousekeepingTest {
    private final Clock clock = Clock.systemUTC();
    private final CompiledDaemonSets compiled = new CompiledDaemonSets();
    private final StatusPacer pacer = new StatusPacer(StatusPacer.DEFAULT_INTERVAL);
    private final JoinedNodes joined = new JoinedNodes();
    private final FailedPodBackoff backoff = new FailedPodBackoff();
    private final Expectations<String> expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private MockCluster cluster;
    private InformerCache cache;
    private AcceptedSelectors selectors;
    private Housekeeping housekeeping;
    private DaemonSet kept;

    @BeforeEach
    void start() throws Exception {
        cluster = MockCluster.start();
        cluster.createNode(node("node-1"));
        cluster.createDaemonSet(daemonSet("kept"));
        cache = new InformerCache(cluster.client(), null, Duration.ofMinutes(5), resource -> {});
        selectors = new AcceptedSelectors(cache);
        housekeeping = new Housekeeping(
                cache, compiled, selectors, pacer, joined, backoff, expectations, metrics, clock, () -> null);
        cache.onDaemonSets(new DaemonSetEventHandler(key -> {}, housekeeping::daemonSetGone));
        cache.startAndSync(MockCluster.TIMEOUT);
        // closing a watch still being opened stalls the mock server's shutdown for 10 s
        await().atMost(MockCluster.TIMEOUT).until(cache::isWatching);
        kept = cache.daemonSet(new DaemonSetKey("default", "kept"));
        joined.startTaking();
        fill(kept, "node-1");
        fill(kept, "node-gone");
        fill(daemonSet("gone"), "node-1");
    }

    @AfterEach
    void stop() {
        housekeeping.close();
        cache.close();
        cluster.close();
    }

    @Test
    void aSweepDropsWhatIsHeldForDaemonSetsAndNodesTheCachesNoLongerHold() {
        assertThat(housekeeping.sizes())
                .containsAllEntriesOf(Map.of(
                        "compiledDaemonSets",
                        2,
                        "acceptedSelectors",
                        2,
                        "statusPacer",
                        2,
                        "failedPodBackoff",
                        3,
                        "joinedNodes",
                        2,
                        "expectations",
                        2,
                        "metricSeriesDaemonSets",
                        2));

        housekeeping.sweep();

        assertThat(housekeeping.sizes())
                .containsAllEntriesOf(Map.of(
                        "compiledDaemonSets",
                        1,
                        "acceptedSelectors",
                        1,
                        "statusPacer",
                        1,
                        "failedPodBackoff",
                        1,
                        "joinedNodes",
                        1,
                        "expectations",
                        1,
                        "metricSeriesDaemonSets",
                        1,
                        "daemonSetReadings",
                        1));
        assertThat(joined.take(kept.getMetadata().getUid())).containsExactly("node-1");
        assertThat(expectations.satisfied(kept.getMetadata().getUid()))
                .as("the live DaemonSet's writes are still awaited")
                .isFalse();
    }

    @Test
    void aDeletedDaemonSetAndNodeAreForgottenWhenTheirDeleteIsHandled() {
        housekeeping.daemonSetGone(daemonSet("gone"));
        housekeeping.nodeGone("node-gone");
        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .withName("kept")
                .delete();

        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(housekeeping.sizes())
                        .allSatisfy(
                                (holder, size) -> assertThat(size).as(holder).isZero()));
    }

    private void fill(DaemonSet ds, String node) {
        String uid = ds.getMetadata().getUid();
        compiled.get(ds);
        selectors.remember(ds);
        pacer.written(uid, clock.instant());
        backoff.advance(uid, 1, node, clock.instant());
        joined.add(uid, node);
        expectations.expect(uid, List.of(node), Set.of());
        metrics.daemonSetStatus("default", ds.getMetadata().getName(), new DaemonSetStatus());
    }
}
