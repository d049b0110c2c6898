package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An operator in a JVM of its own counts as idle, from its /metrics, only when it leads and no key is queued or being synced. */
class MetricsTextTest {
    private static String metrics(int leader, int depth, int inFlight) {
        return """
                # HELP dds_leader Whether this instance leads.
                # TYPE dds_leader gauge
                dds_leader %d
                dds_workqueue_depth{name="daemonsets"} %d.0
                dds_workqueue_in_flight{name="daemonsets"} %d.0
                dds_reconcile_duration_seconds_count{daemonset="a",namespace="default"} 3
                dds_reconcile_duration_seconds_count{daemonset="b",namespace="default"} 4
                """.formatted(leader, depth, inFlight);
    }

    @Test
    void idleOnlyWhenLeadingWithNothingQueuedAndNothingBeingSynced() {
        assertThat(MetricsText.idleLeader(metrics(1, 0, 0))).isTrue();
        assertThat(MetricsText.idleLeader(metrics(1, 2, 0))).as("keys queued").isFalse();
        assertThat(MetricsText.idleLeader(metrics(1, 0, 1)))
                .as("a sync under way")
                .isFalse();
        assertThat(MetricsText.idleLeader(metrics(0, 0, 0))).as("a standby").isFalse();
        assertThat(MetricsText.idleLeader("dds_leader 1\n")).as("no queue yet").isFalse();
    }

    @Test
    void syncsAreSummedOverEveryDaemonSet() {
        assertThat(MetricsText.sum(MetricsText.SYNCS, metrics(1, 0, 0))).isEqualTo(7);
    }
}
