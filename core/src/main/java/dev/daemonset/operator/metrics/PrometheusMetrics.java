package dev.daemonset.operator.metrics;

import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.queue.QueueMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator's metrics in a Prometheus registry of their own (not the JVM-wide default one, so two
 * operators in one JVM, as in tests, do not share counters). Names follow client-go's workqueue
 * metrics and kube-state-metrics' DaemonSet status gauges, prefixed {@code dds_}.
 */
public final class PrometheusMetrics implements OperatorMetrics {
    private static final double[] SECONDS_BUCKETS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    private final PrometheusRegistry registry;

    private final Gauge queueDepth;
    private final Gauge queueInFlight;
    private final Counter queueAdds;
    private final Counter queueRetries;
    private final Histogram queueLatency;
    private final Histogram queueWorkDuration;

    private final Histogram reconcileDuration;
    private final Counter reconcileErrors;
    private final Counter podCreates;
    private final Counter podDeletes;
    private final Gauge leader;
    private final Counter watchRestarts;
    private final Gauge informerSynced;
    private final Gauge informersDisconnected;
    /** One gauge per status field, each labelled by namespace and DaemonSet name. */
    private final Map<Gauge, Function<DaemonSetStatus, Integer>> statusGauges;
    /** Every metric labelled by namespace and DaemonSet name, in that order. */
    private final List<StatefulMetric<?, ?>> perDaemonSet;

    private volatile Supplier<Map<String, Integer>> stateSizes = Map::of;

    /** Operator metrics only. */
    public PrometheusMetrics() {
        this(new PrometheusRegistry(), false);
    }

    /** Operator metrics plus heap, GC, thread and process metrics: what sizing the memory limit needs. */
    public static PrometheusMetrics withJvmMetrics() {
        return new PrometheusMetrics(new PrometheusRegistry(), true);
    }

    private PrometheusMetrics(PrometheusRegistry registry, boolean withJvmMetrics) {
        this.registry = registry;
        queueDepth = Gauge.builder()
                .name("dds_workqueue_depth")
                .help("Keys waiting in the work queue.")
                .labelNames("name")
                .register(registry);
        queueInFlight = Gauge.builder()
                .name("dds_workqueue_in_flight")
                .help("Keys a worker is processing now; with depth 0, the queue is idle.")
                .labelNames("name")
                .register(registry);
        queueAdds = Counter.builder()
                .name("dds_workqueue_adds_total")
                .help("Keys added to the work queue.")
                .labelNames("name")
                .register(registry);
        queueRetries = Counter.builder()
                .name("dds_workqueue_retries_total")
                .help("Keys re-added to the work queue after a delay or a backoff.")
                .labelNames("name")
                .register(registry);
        queueLatency = secondsHistogram(
                "dds_workqueue_queue_duration_seconds",
                "How long a key waits in the work queue before a worker takes it.",
                "name");
        queueWorkDuration =
                secondsHistogram("dds_workqueue_work_duration_seconds", "How long a worker holds a key.", "name");

        reconcileDuration = secondsHistogram(
                "dds_reconcile_duration_seconds", "How long one sync of a DaemonSet takes.", "namespace", "daemonset");
        reconcileErrors = Counter.builder()
                .name("dds_reconcile_errors_total")
                .help("Syncs of a DaemonSet that failed and will be retried.")
                .labelNames("namespace", "daemonset")
                .register(registry);
        podCreates = Counter.builder()
                .name("dds_pod_creates_total")
                .help("Daemon pod creates by result.")
                .labelNames("result")
                .register(registry);
        podDeletes = Counter.builder()
                .name("dds_pod_deletes_total")
                .help("Daemon pod deletes by result.")
                .labelNames("result")
                .register(registry);
        for (WriteResult r : WriteResult.values()) {
            podDeletes.initLabelValues(r.label());
            if (r != WriteResult.NOT_FOUND) {
                podCreates.initLabelValues(r.label());
            }
        }
        leader = Gauge.builder()
                .name("dds_leader")
                .help("1 while this instance holds the leader lease, else 0.")
                .register(registry);
        watchRestarts = Counter.builder()
                .name("dds_informer_watch_restarts_total")
                .help("Informer lists or watches that failed and were restarted with a fresh list, by resource.")
                .labelNames("resource")
                .register(registry);
        informerSynced = Gauge.builder()
                .name("dds_informer_synced")
                .help("1 once the informer of a resource has listed it (start-up no longer waits for it), else 0.")
                .labelNames("resource")
                .register(registry);
        informersDisconnected = Gauge.builder()
                .name("dds_informer_disconnected_seconds")
                .help("How long at least one informer has had no watch open on the API server; 0 while all have. "
                        + "Until the first sync: how long start-up has waited for the API server.")
                .unit(Unit.SECONDS)
                .register(registry);
        for (String resource : List.of("nodes", "pods", "daemonsets", "controllerrevisions")) {
            watchRestarts.initLabelValues(resource);
            informerSynced.labelValues(resource).set(0);
        }

        statusGauges = Map.of(
                statusGauge("desired_number_scheduled", "Nodes that should run the daemon pod."),
                        DaemonSetStatus::getDesiredNumberScheduled,
                statusGauge("current_number_scheduled", "Nodes that should run the daemon pod and do."),
                        DaemonSetStatus::getCurrentNumberScheduled,
                statusGauge("number_ready", "Nodes whose daemon pod is Ready."), DaemonSetStatus::getNumberReady,
                statusGauge("updated_number_scheduled", "Nodes running the daemon pod of the current template."),
                        DaemonSetStatus::getUpdatedNumberScheduled,
                statusGauge("number_available", "Nodes whose daemon pod has been Ready for minReadySeconds."),
                        DaemonSetStatus::getNumberAvailable,
                statusGauge("number_misscheduled", "Nodes running the daemon pod that should not."),
                        DaemonSetStatus::getNumberMisscheduled);

        List<StatefulMetric<?, ?>> labelled = new ArrayList<>(statusGauges.keySet());
        labelled.add(reconcileDuration);
        labelled.add(reconcileErrors);
        perDaemonSet = List.copyOf(labelled);
        GaugeWithCallback.builder()
                .name("dds_state_entries")
                .help("Entries in the operator's per-DaemonSet and per-node state, by holder (see docs/operations.md).")
                .labelNames("state")
                .callback(cb -> stateSizes.get().forEach((state, size) -> cb.call(size, state)))
                .register(registry);

        if (withJvmMetrics) {
            JvmMetrics.builder().register(registry);
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    private Histogram secondsHistogram(String name, String help, String... labels) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .labelNames(labels)
                .classicOnly()
                .classicUpperBounds(SECONDS_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    private Gauge statusGauge(String field, String help) {
        return Gauge.builder()
                .name("dds_daemonset_status_" + field)
                .help(help)
                .labelNames("namespace", "daemonset")
                .register(registry);
    }

    @Override
    public <K> QueueMetrics<K> queue(String name) {
        queueDepth.initLabelValues(name);
        queueInFlight.initLabelValues(name);
        queueAdds.initLabelValues(name);
        queueRetries.initLabelValues(name);
        return new QueueMetrics<>() {
            @Override
            public void added(K key) {
                queueAdds.labelValues(name).inc();
            }

            @Override
            public void depth(int n) {
                queueDepth.labelValues(name).set(n);
            }

            @Override
            public void inFlight(int n) {
                queueInFlight.labelValues(name).set(n);
            }

            @Override
            public void latency(Duration waited) {
                queueLatency.labelValues(name).observe(seconds(waited));
            }

            @Override
            public void workDuration(Duration d) {
                queueWorkDuration.labelValues(name).observe(seconds(d));
            }

            @Override
            public void retried(K key) {
                queueRetries.labelValues(name).inc();
            }
        };
    }

    @Override
    public void reconciled(String namespace, String name, Duration took, boolean failed) {
        reconcileDuration.labelValues(namespace, name).observe(seconds(took));
        if (failed) {
            reconcileErrors.labelValues(namespace, name).inc();
        } else {
            // present from the first sync, so that rate() sees the first error as an increase
            reconcileErrors.initLabelValues(namespace, name);
        }
    }

    @Override
    public void podCreated(WriteResult result) {
        podCreates.labelValues(result.label()).inc();
    }

    @Override
    public void podDeleted(WriteResult result) {
        podDeletes.labelValues(result.label()).inc();
    }

    @Override
    public void daemonSetStatus(String namespace, String name, DaemonSetStatus status) {
        statusGauges.forEach((gauge, field) -> {
            Integer value = field.apply(status);
            gauge.labelValues(namespace, name).set(value == null ? 0 : value);
        });
    }

    @Override
    public void daemonSetGone(String namespace, String name) {
        perDaemonSet.forEach(m -> m.remove(namespace, name));
    }

    @Override
    public Set<String> daemonSetsWithSeries() {
        Set<String> named = new HashSet<>();
        for (StatefulMetric<?, ?> m : perDaemonSet) {
            for (DataPointSnapshot point : m.collect().getDataPoints()) {
                named.add(point.getLabels().get("namespace") + "/"
                        + point.getLabels().get("daemonset"));
            }
        }
        return named;
    }

    /** A standby drops every per-DaemonSet series: it computes none, and the leader's are the ones to read. */
    @Override
    public void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
        if (!leading) {
            perDaemonSet.forEach(StatefulMetric::clear);
        }
    }

    @Override
    public void stateSizes(Supplier<Map<String, Integer>> sizes) {
        stateSizes = sizes;
    }

    @Override
    public void watchRestarted(String resource) {
        watchRestarts.labelValues(resource).inc();
    }

    @Override
    public void informerSynced(String resource) {
        informerSynced.labelValues(resource).set(1);
    }

    @Override
    public void informersDisconnected(Duration forHowLong) {
        informersDisconnected.set(seconds(forHowLong));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
