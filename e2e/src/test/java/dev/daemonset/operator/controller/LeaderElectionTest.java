package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.metrics.PrometheusMetrics;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.ApiCall;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operator instances against one mock API server, competing for one Lease. */
class LeaderElectionTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final String LEASE_NAME = "dds-leader";

    private MockCluster cluster;
    private Operator a;
    private Operator b;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        for (int i = 1; i <= 5; i++) {
            cluster.createNode(node("node-" + i));
        }
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        cluster.close();
    }

    @Test
    void onlyTheLeaderWritesAndAStandbyTakesOverWithoutDuplicatingOrLosingPodsWhenTheLeaderDies() {
        a = startInstance("a", LEASE, RENEW_DEADLINE);
        await().atMost(MockCluster.TIMEOUT).until(a::isLeading);
        b = startInstance("b", LEASE, RENEW_DEADLINE);
        assertThat(b.hasSynced()).as("a standby keeps warm caches").isTrue();

        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> podsByNode(ds).size() == 5);
        await().atMost(MockCluster.TIMEOUT).until(a::isIdle);
        List<String> podsBefore = podNames(ds);
        assertThat(writesBy("a")).as("the leader created the pods").isNotEmpty();
        assertThat(writesBy("b")).as("the standby never writes").isEmpty();
        assertThat(b.isLeading()).isFalse();

        long crashedAt = System.nanoTime();
        cluster.isolate("a"); // a crash: no more renewals, and no release
        cluster.createNode(node("node-6"));

        // the lease runs out at most LEASE after the crash; then one jittered retry (at most 2.2 x RETRY), plus slack
        await().atMost(LEASE.plus(Duration.ofMillis(1500))).until(b::isLeading);
        Duration handover = Duration.ofNanos(System.nanoTime() - crashedAt);
        assertThat(a.isLeading())
                .as("the old leader stopped at its renew deadline, before the lease expired")
                .isFalse();
        assertThat(handover).isGreaterThanOrEqualTo(LEASE.minus(RETRY.multipliedBy(2)));

        await().atMost(MockCluster.TIMEOUT).until(() -> podsByNode(ds).containsKey("node-6"));
        await().atMost(MockCluster.TIMEOUT).until(b::isIdle);
        Map<String, List<String>> byNode = podsByNode(ds);
        assertThat(byNode)
                .as("one pod per node")
                .hasSize(6)
                .allSatisfy((node, pods) -> assertThat(pods).hasSize(1));
        assertThat(podNames(ds)).as("the new leader kept the old leader's pods").containsAll(podsBefore);
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsWritingAtOnce() {
        a = startInstance("a", LEASE, RENEW_DEADLINE);
        await().atMost(MockCluster.TIMEOUT).until(a::isLeading);
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> podsByNode(ds).size() == 5);

        stealLease("intruder", Duration.ofMinutes(5));
        await().atMost(RETRY.multipliedBy(5)).until(() -> !a.isLeading());
        int seen = cluster.calls().size();

        cluster.createNode(node("node-6"));
        cluster.client()
                .pods()
                .inNamespace("default")
                .withName(podNames(ds).get(0))
                .delete();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> !podsByNode(ds).containsKey("node-6"));
        assertThat(cluster.calls().subList(seen, cluster.calls().size()))
                .filteredOn(c -> "a".equals(c.instance()) && c.isWrite() && !c.isLease())
                .as("writes by a former leader")
                .isEmpty();
    }

    @Test
    void aLeaderThatShutsDownReleasesTheLeaseSoTheStandbyNeedNotWaitForItToExpire() {
        Duration longLease = Duration.ofSeconds(30);
        a = startInstance("a", longLease, Duration.ofSeconds(20));
        await().atMost(MockCluster.TIMEOUT).until(a::isLeading);
        b = startInstance("b", longLease, Duration.ofSeconds(20));

        a.close();
        a = null;
        await().atMost(Duration.ofSeconds(5)).until(b::isLeading);
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> podsByNode(ds).size() == 5);
    }

    @Test
    void aLeaderTermThatFailsToStartTakesTheInstanceOutOfTheElectionAndSaysWhy() {
        LeaderElectionSettings settings =
                new LeaderElectionSettings("default", LEASE_NAME, "broken", LEASE, RENEW_DEADLINE, RETRY);
        try (LeaseElection election = LeaseElection.start(
                cluster.clientFor("broken"),
                settings,
                RenewalFence.of(settings),
                () -> {
                    throw new IllegalStateException("thrown by the test");
                },
                () -> {})) {
            await().atMost(MockCluster.TIMEOUT).until(() -> election.stoppedBy() != null);
            assertThat(election.stoppedBy()).hasMessage("thrown by the test");
            assertThat(election.observedLeader()).isEqualTo("broken");
        }
    }

    /**
     * A standby never syncs, and the next term syncs only the DaemonSets that exist: a series kept on
     * losing the lease, or one the delete left behind, would stay for as long as the process lives.
     */
    @Test
    void aDaemonSetDeletedWhileThisInstanceStandsByLeavesNeitherSeriesNorStateWhenItLeadsAgain() {
        PrometheusMetrics metrics = new PrometheusMetrics();
        a = startInstance("a", LEASE, RENEW_DEADLINE, metrics);
        await().atMost(MockCluster.TIMEOUT).until(a::isLeading);
        DaemonSet kept = cluster.createDaemonSet(daemonSet("kept"));
        DaemonSet gone = cluster.createDaemonSet(daemonSet("gone"));
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> podsByNode(kept).size() == 5 && podsByNode(gone).size() == 5);
        await().atMost(MockCluster.TIMEOUT).until(() -> scrape(metrics).contains("daemonset=\"gone\"") && a.isIdle());
        Map<String, Integer> leadingBoth = a.stateSizes();
        assertThat(leadingBoth).containsEntry("compiledDaemonSets", 2).containsEntry("metricSeriesDaemonSets", 2);

        stealLease("intruder", Duration.ofSeconds(4));
        await().atMost(RETRY.multipliedBy(5)).until(() -> !a.isLeading());
        assertThat(scrape(metrics))
                .as("a standby computes no per-DaemonSet series")
                .doesNotContain("daemonset=");
        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .withName("gone")
                .delete();
        await().atMost(MockCluster.TIMEOUT).until(() -> a.stateSizes().get("compiledDaemonSets") == 1);

        await().atMost(Duration.ofSeconds(10)).until(a::isLeading);
        await().atMost(MockCluster.TIMEOUT).until(() -> scrape(metrics).contains("daemonset=\"kept\"") && a.isIdle());
        assertThat(scrape(metrics)).doesNotContain("daemonset=\"gone\"");
        assertThat(a.stateSizes())
                .allSatisfy((holder, size) -> assertThat(size).as(holder).isLessThanOrEqualTo(leadingBoth.get(holder)))
                .containsEntry("compiledDaemonSets", 1)
                .containsEntry("acceptedSelectors", 1)
                .containsEntry("statusPacer", 1)
                .containsEntry("metricSeriesDaemonSets", 1)
                .containsEntry("daemonSetReadings", 1);
    }

    private Operator startInstance(String identity, Duration lease, Duration renewDeadline) {
        return startInstance(identity, lease, renewDeadline, OperatorMetrics.NONE);
    }

    private Operator startInstance(String identity, Duration lease, Duration renewDeadline, OperatorMetrics metrics) {
        LeaderElectionSettings election =
                new LeaderElectionSettings("default", LEASE_NAME, identity, lease, renewDeadline, RETRY);
        return Operator.start(
                cluster.clientFor(identity),
                OperatorConfig.defaults().withLeaderElection(election).withMetrics(metrics));
    }

    private static String scrape(PrometheusMetrics metrics) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Retried: the leader renews every RETRY, and a renewal in between makes the edit conflict. */
    private void stealLease(String holder, Duration duration) {
        await().atMost(MockCluster.TIMEOUT)
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .until(() -> {
                    cluster.client()
                            .resources(Lease.class)
                            .inNamespace("default")
                            .withName(LEASE_NAME)
                            .edit(l -> {
                                l.getSpec().setHolderIdentity(holder);
                                l.getSpec().setLeaseDurationSeconds((int) duration.toSeconds());
                                l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                                return l;
                            });
                    return true;
                });
    }

    private List<ApiCall> writesBy(String instance) {
        return cluster.calls().stream()
                .filter(c -> instance.equals(c.instance()) && c.isWrite() && !c.isLease())
                .toList();
    }

    private Map<String, List<String>> podsByNode(DaemonSet ds) {
        return cluster.podsOf(ds).stream()
                .collect(Collectors.groupingBy(
                        PodTargets::targetNode,
                        Collectors.mapping(p -> p.getMetadata().getName(), Collectors.toList())));
    }

    private List<String> podNames(DaemonSet ds) {
        return cluster.podsOf(ds).stream()
                .map(Pod::getMetadata)
                .map(m -> m.getName())
                .toList();
    }
}
