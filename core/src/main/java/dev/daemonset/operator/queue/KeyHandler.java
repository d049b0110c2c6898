package dev.daemonset.operator.queue;

import java.time.Duration;

/** Processes one key taken from a {@link WorkQueue}; see {@link Workers}. */
@FunctionalInterface
public interface KeyHandler<K> {
    /**
     * Processes {@code key}. Throwing makes the key come back after its rate-limited backoff; returning
     * normally resets the backoff.
     *
     * @return a delay after which to re-process the key (zero: as soon as this run is done), or
     *     {@code null} when the key needs no further work
     */
    Duration process(K key) throws Exception;
}
