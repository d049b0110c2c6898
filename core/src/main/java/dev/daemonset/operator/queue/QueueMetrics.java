package dev.daemonset.operator.queue;

import java.time.Duration;

/**
 * Observes a {@link WorkQueue}. Callbacks run while the queue holds its lock, so they must be quick
 * and must not call back into the queue.
 */
public interface QueueMetrics<K> {
    /** A key became pending (repeated adds of an already pending key are not reported). */
    default void added(K key) {}

    /** The number of keys ready to be handed out. */
    default void depth(int n) {}

    /** The number of keys handed to workers and not yet done. */
    default void inFlight(int n) {}

    /** How long a key waited between becoming pending and being handed to a worker. */
    default void latency(Duration waited) {}

    /** How long a worker held a key, from {@code get} to {@code done}. */
    default void workDuration(Duration d) {}

    /** A key was scheduled to come back later (a delayed or rate-limited add). */
    default void retried(K key) {}

    static <K> QueueMetrics<K> noop() {
        return new QueueMetrics<>() {};
    }
}
