package dev.daemonset.operator.metrics;

import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.queue.QueueMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Metrics that report nothing: {@link OperatorMetrics#NONE}, and the base of a probe that observes
 * only the hooks it overrides.
 */
public class NoMetrics implements OperatorMetrics {
    @Override
    public <K> QueueMetrics<K> queue(String name) {
        return QueueMetrics.noop();
    }

    @Override
    public void reconciled(String namespace, String name, Duration took, boolean failed) {}

    @Override
    public void podCreated(WriteResult result) {}

    @Override
    public void podDeleted(WriteResult result) {}

    @Override
    public void daemonSetStatus(String namespace, String name, DaemonSetStatus status) {}

    @Override
    public void daemonSetGone(String namespace, String name) {}

    @Override
    public Set<String> daemonSetsWithSeries() {
        return Set.of();
    }

    @Override
    public void leading(boolean leading) {}

    @Override
    public void stateSizes(Supplier<Map<String, Integer>> sizes) {}

    @Override
    public void watchRestarted(String resource) {}

    @Override
    public void informerSynced(String resource) {}

    @Override
    public void informersDisconnected(Duration forHowLong) {}
}
