package dev.daemonset.operator.bench;

import dev.daemonset.operator.sandbox.SandboxKubeconfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's footprint on a cluster shaped like a real one: its start-up against every pod already
 * there (time to the first completed sync, and the most heap in use on the way) and its live heap once
 * settled, divided by the pods it caches. Measured in the operator's own JVM, started as it ships
 * ({@link ShippedOperatorJvm}), so that nothing of the benchmark's own heap (the API server's store,
 * its watches) is in the figure, and no figure is the difference of two large readings.
 */
final class Footprint {
    private static final Logger LOG = LoggerFactory.getLogger(Footprint.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private Footprint() {}

    /**
     * @param url the API server the operator is to use
     * @param cachedPods how many pods the cluster holds (all of them are in the operator's cache)
     * @param daemonSets how many DaemonSets it is to sync once each before it counts as settled
     */
    static void measure(BenchResult result, String url, LongSupplier cachedPods, int daemonSets) throws Exception {
        Path work = Files.createTempDirectory("bench-operator-");
        Path kubeconfig = work.resolve("kubeconfig");
        SandboxKubeconfig.install(kubeconfig, url);
        LOG.info(
                "bench: the operator as it ships ({}), started against {} pods",
                DeploymentJvm.options(),
                cachedPods.getAsLong());
        try (ShippedOperatorJvm operator = ShippedOperatorJvm.start(kubeconfig, work)) {
            long peakPolled = 0;
            Duration firstSync = null;
            Duration timeout = Duration.ofMinutes(10);
            while (firstSync == null) {
                String metrics = operator.metricsOrNull();
                if (metrics != null) {
                    peakPolled = Math.max(peakPolled, (long) MetricsText.sum(MetricsText.HEAP_USED, metrics));
                    if (MetricsText.sum(MetricsText.SYNCS, metrics) > 0) {
                        firstSync = operator.sinceStart();
                    }
                }
                if (operator.sinceStart().compareTo(timeout) > 0) {
                    throw new TimeoutException("the operator completed no sync in " + timeout + ":\n" + operator.log());
                }
                Thread.sleep(POLL.toMillis());
            }
            long peak = Math.max(peakPolled, GcLog.peakBefore(operator.gcLog(), firstSync));
            result.putMillis("startup_ms", firstSync);
            result.put("startup_peak_heap_bytes", peak);
            ClusterWatch.await("the operator to sync every DaemonSet and go idle", timeout, POLL, () -> {
                String metrics = operator.metricsOrNull();
                return metrics != null
                        && MetricsText.sum(MetricsText.SYNCS, metrics) >= daemonSets
                        && MetricsText.idleLeader(metrics);
            });
            long pods = cachedPods.getAsLong();
            long live = operator.liveHeapBytes();
            LOG.info("bench: the operator's log, GC log and class histogram are in {}", work);
            result.put("cached_pods", pods);
            result.put("operator_live_heap_bytes", live);
            result.put("heap_bytes_per_cached_pod", Math.round(live / (double) pods));
            // the names of earlier runs' figures, kept for whoever reads them: the live heap is now the whole
            // figure, cached objects included, so it bounds what the operator keeps beyond them
            result.put("operator_heap_bytes_per_pod", Math.round(live / (double) pods));
            result.put("heap_bytes_per_pod", Math.round(live / (double) pods));
            result.put("deployment_heap_bytes", DeploymentJvm.heapBytes());
        }
    }
}
