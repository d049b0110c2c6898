package dev.daemonset.operator.cli;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.cli.OperatorProcess.Ports;
import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.testing.Deadlock;
import dev.daemonset.operator.testing.Http;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process as `run` starts it: operator, /metrics, /healthz and /readyz, against the mock API server. */
class OperatorProcessTest {
    private MockCluster cluster;
    private OperatorProcess process;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        for (int i = 1; i <= 3; i++) {
            cluster.createNode(node("node-" + i));
        }
        process = OperatorProcess.start(
                cluster.client(),
                OperatorConfig.defaults().withLeaderElection(election("me")),
                Ports.anyFree(),
                Ports.anyFree());
    }

    private static LeaderElectionSettings election(String identity) {
        return new LeaderElectionSettings(
                "default", "dds", identity, Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        process.close();
        cluster.close();
    }

    @Test
    void aliveFromTheStartReadyOnceTheCachesAreSyncedAndSayingThatItLeads() {
        assertThat(Http.get(process.healthPort(), "/healthz").statusCode()).isEqualTo(200);
        await().atMost(MockCluster.TIMEOUT).untilAsserted(() -> {
            var ready = Http.get(process.healthPort(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ok: leading\n");
        });
        assertThat(Http.get(process.healthPort(), "/healthz").body()).isEqualTo("ok\n");
    }

    @Test
    void aStandbyIsReadyAndNamesTheLeader() {
        await().atMost(MockCluster.TIMEOUT).until(() -> process.operator().isLeading());
        try (OperatorProcess standby = OperatorProcess.start(
                cluster.clientFor("standby"),
                OperatorConfig.defaults().withLeaderElection(election("standby")),
                Ports.anyFree(),
                Ports.anyFree())) {
            await().atMost(MockCluster.TIMEOUT).untilAsserted(() -> {
                var ready = Http.get(standby.healthPort(), "/readyz");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("ok: standing by (leader is me)\n");
            });
        }
    }

    @Test
    void livenessFailsWithTheReasonWhileThreadsAreDeadlockedAndPassesAgainAfterwards() throws Exception {
        try (Deadlock deadlock = Deadlock.between("test-deadlock-a", "test-deadlock-b")) {
            await().atMost(MockCluster.TIMEOUT).untilAsserted(() -> {
                var alive = Http.get(process.healthPort(), "/healthz");
                assertThat(alive.statusCode()).isEqualTo(503);
                assertThat(alive.body()).isEqualTo("threads deadlocked: test-deadlock-a, test-deadlock-b\n");
            });
        }
        assertThat(Http.get(process.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsDescribeTheQueueReconcilesPodWritesDaemonSetStatusAndLeadership() {
        await().atMost(MockCluster.TIMEOUT).until(() -> process.operator().isLeading());
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> cluster.podsOf(ds).size() == 3);
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(
                        () -> assertThat(metrics())
                                .contains(
                                        "dds_daemonset_status_desired_number_scheduled{daemonset=\"agent\",namespace=\"default\"} 3.0")
                                .contains(
                                        "dds_daemonset_status_current_number_scheduled{daemonset=\"agent\",namespace=\"default\"} 3.0"));

        String text = metrics();
        assertThat(text)
                .contains("dds_leader 1.0")
                .contains("dds_pod_creates_total{result=\"success\"} 3.0")
                .contains("dds_pod_creates_total{result=\"error\"} 0.0")
                .contains("dds_workqueue_depth{name=\"daemonsets\"}")
                .containsPattern("dds_workqueue_adds_total\\{name=\"daemonsets\"} [1-9]")
                .contains("dds_workqueue_retries_total{name=\"daemonsets\"}")
                .contains("dds_workqueue_queue_duration_seconds_bucket{name=\"daemonsets\",le=\"0.001\"}")
                .contains("dds_reconcile_duration_seconds_count{daemonset=\"agent\",namespace=\"default\"}")
                .contains("dds_reconcile_errors_total{daemonset=\"agent\",namespace=\"default\"} 0.0")
                .contains("dds_daemonset_status_number_ready{daemonset=\"agent\",namespace=\"default\"} 0.0")
                .contains("dds_daemonset_status_updated_number_scheduled{daemonset=\"agent\",namespace=\"default\"}")
                .contains("dds_daemonset_status_number_available{daemonset=\"agent\",namespace=\"default\"}")
                .contains("dds_daemonset_status_number_misscheduled{daemonset=\"agent\",namespace=\"default\"} 0.0")
                .contains("jvm_memory_used_bytes");

        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .withName("agent")
                .delete();
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(metrics())
                        .as("a deleted DaemonSet's series are dropped")
                        .doesNotContain("daemonset=\"agent\""));
    }

    @Test
    void closingStopsServingAndReleasesTheLease() {
        await().atMost(MockCluster.TIMEOUT).until(() -> process.operator().isLeading());
        int health = process.healthPort();
        process.close();
        // fabric8 releases by shortening the lease to one second from now (its merge patch cannot clear the holder)
        Lease lease =
                cluster.client().leases().inNamespace("default").withName("dds").get();
        assertThat(lease.getSpec().getLeaseDurationSeconds())
                .as("released: a standby need not wait 2 s")
                .isEqualTo(1);
        assertThatThrownBy(() -> Http.get(health, "/healthz")).isInstanceOf(UncheckedIOException.class);
    }

    private String metrics() {
        var response = Http.get(process.metricsPort(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
