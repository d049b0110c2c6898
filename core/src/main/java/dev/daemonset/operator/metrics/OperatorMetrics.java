package dev.daemonset.operator.metrics;

import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.queue.QueueMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the operator reports about itself. The controller calls these hooks; an implementation
 * decides where the numbers go ({@link PrometheusMetrics}, or {@link #NONE} in tests and the
 * sandbox). Implementations must be thread-safe and quick: hooks run on worker and queue threads.
 */
public interface OperatorMetrics {
    /** Observes the work queue called {@code name}. */
    <K> QueueMetrics<K> queue(String name);

    /** One sync of a DaemonSet finished; {@code failed} when it threw and will be retried. */
    void reconciled(String namespace, String name, Duration took, boolean failed);

    void podCreated(WriteResult result);

    void podDeleted(WriteResult result);

    /** The status the last sync computed for a DaemonSet. */
    void daemonSetStatus(String namespace, String name, DaemonSetStatus status);

    /** The DaemonSet was deleted: forget every series about it. */
    void daemonSetGone(String namespace, String name);

    /** The DaemonSets that have series, as {@code namespace/name}. */
    Set<String> daemonSetsWithSeries();

    /**
     * Whether this instance leads. Per-DaemonSet series are dropped when it stops leading: they would
     * go stale, and only the leader computes them.
     */
    void leading(boolean leading);

    /**
     * Where to read the sizes of the operator's per-DaemonSet and per-node state, by name, when the
     * metrics are collected.
     */
    void stateSizes(Supplier<Map<String, Integer>> sizes);

    /**
     * An informer's list or watch of {@code resource} (nodes, pods, daemonsets, controllerrevisions)
     * failed and is being restarted with a fresh list.
     */
    void watchRestarted(String resource);

    /** The informer of {@code resource} has listed it once: the operator no longer waits for it at start-up. */
    void informerSynced(String resource);

    /**
     * How long at least one informer has had no watch open on the API server, zero while every one has:
     * from start-up until the first sync, how long the operator has waited; later, how long an outage lasts.
     */
    void informersDisconnected(Duration forHowLong);

    /** Reports nothing. */
    OperatorMetrics NONE = new NoMetrics();
}
