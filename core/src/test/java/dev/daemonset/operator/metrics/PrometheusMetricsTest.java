package dev.daemonset.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.queue.QueueMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics();

    @Test
    void podWritesAreCountedByResult() {
        metrics.podCreated(WriteResult.SUCCESS);
        metrics.podCreated(WriteResult.ERROR);
        metrics.podDeleted(WriteResult.NOT_FOUND);
        assertThat(scrape())
                .contains("dds_pod_creates_total{result=\"success\"} 1.0")
                .contains("dds_pod_creates_total{result=\"error\"} 1.0")
                .contains("dds_pod_deletes_total{result=\"not_found\"} 1.0")
                .contains("dds_pod_deletes_total{result=\"success\"} 0.0");
    }

    @Test
    void queueHooksFeedDepthAddsRetriesAndLatency() {
        QueueMetrics<String> queue = metrics.queue("daemonsets");
        queue.added("a");
        queue.added("b");
        queue.depth(2);
        queue.retried("a");
        queue.latency(Duration.ofMillis(30));
        queue.workDuration(Duration.ofMillis(200));
        assertThat(scrape())
                .contains("dds_workqueue_depth{name=\"daemonsets\"} 2.0")
                .contains("dds_workqueue_adds_total{name=\"daemonsets\"} 2.0")
                .contains("dds_workqueue_retries_total{name=\"daemonsets\"} 1.0")
                .contains("dds_workqueue_queue_duration_seconds_bucket{name=\"daemonsets\",le=\"0.05\"} 1")
                .contains("dds_workqueue_work_duration_seconds_count{name=\"daemonsets\"} 1");
    }

    @Test
    void aDeletedDaemonSetLosesItsSeriesAndAStandbyReportsNoDaemonSets() {
        DaemonSetStatus status = new DaemonSetStatus();
        status.setDesiredNumberScheduled(4);
        status.setNumberReady(3);
        metrics.leading(true);
        metrics.daemonSetStatus("default", "agent", status);
        metrics.daemonSetStatus("default", "logs", status);
        metrics.reconciled("default", "agent", Duration.ofMillis(5), true);
        assertThat(scrape())
                .contains("dds_leader 1.0")
                .contains(
                        "dds_daemonset_status_desired_number_scheduled{daemonset=\"agent\",namespace=\"default\"} 4.0")
                .contains("dds_daemonset_status_number_ready{daemonset=\"agent\",namespace=\"default\"} 3.0")
                .contains("dds_daemonset_status_number_available{daemonset=\"agent\",namespace=\"default\"} 0.0")
                .contains("dds_reconcile_errors_total{daemonset=\"agent\",namespace=\"default\"} 1.0");

        metrics.daemonSetGone("default", "agent");
        assertThat(scrape()).doesNotContain("daemonset=\"agent\"").contains("daemonset=\"logs\"");

        metrics.leading(false);
        assertThat(scrape()).contains("dds_leader 0.0").doesNotContain("daemonset=\"logs\"");
        assertThat(metrics.daemonSetsWithSeries()).isEmpty();
    }

    @Test
    void itListsTheDaemonSetsWithSeriesWhateverTheMetric() {
        metrics.leading(true);
        metrics.daemonSetStatus("default", "status-only", new DaemonSetStatus());
        metrics.reconciled("kube-system", "synced-only", Duration.ofMillis(1), false);

        assertThat(metrics.daemonSetsWithSeries())
                .containsExactlyInAnyOrder("default/status-only", "kube-system/synced-only");
    }

    @Test
    void stateSizesAreServedByHolder() {
        metrics.stateSizes(() -> java.util.Map.of("compiledDaemonSets", 3, "joinedNodes", 0));
        assertThat(scrape())
                .contains("dds_state_entries{state=\"compiledDaemonSets\"} 3.0")
                .contains("dds_state_entries{state=\"joinedNodes\"} 0.0");
    }

    @Test
    void startUpShowsWhichInformersHaveNotListedAndHowLongTheWatchesHaveBeenDown() {
        assertThat(scrape())
                .contains("dds_informer_synced{resource=\"nodes\"} 0.0")
                .contains("dds_informer_synced{resource=\"pods\"} 0.0")
                .contains("dds_informer_synced{resource=\"controllerrevisions\"} 0.0")
                .contains("dds_informer_synced{resource=\"daemonsets\"} 0.0");

        metrics.informerSynced("pods");
        metrics.informersDisconnected(Duration.ofMillis(92_500));
        assertThat(scrape())
                .contains("dds_informer_synced{resource=\"pods\"} 1.0")
                .contains("dds_informer_synced{resource=\"nodes\"} 0.0")
                .contains("dds_informer_disconnected_seconds 92.5");

        metrics.informersDisconnected(Duration.ZERO);
        assertThat(scrape()).contains("dds_informer_disconnected_seconds 0.0");
    }

    private String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
