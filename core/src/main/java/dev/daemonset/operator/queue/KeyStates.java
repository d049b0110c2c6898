package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where each key of a {@link WorkQueue} stands, with client-go's rules: a key added again before a
 * worker takes it is handed out once ({@code dirty}); a key held by a worker ({@code processing}) is
 * handed out again only once it is released; distinct keys are served in FIFO order ({@code ready}).
 * Delayed keys are not here ({@link DelayedKeys}). Not thread-safe; {@link WorkQueue} guards it with
 * its lock.
 */
final class KeyStates<K> {
    private final QueueMetrics<K> metrics;
    private final Ticker ticker;
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Long> pendingSince = new HashMap<>();
    private final Map<K, Long> processingSince = new HashMap<>();

    KeyStates(QueueMetrics<K> metrics, Ticker ticker) {
        this.metrics = metrics;
        this.ticker = ticker;
    }

    /** Returns whether {@code key} became ready: false if it was waiting already or a worker holds it. */
    boolean add(K key) {
        if (!dirty.add(key)) {
            return false;
        }
        metrics.added(key);
        pendingSince.putIfAbsent(key, ticker.nanos());
        if (processing.contains(key)) {
            return false;
        }
        ready.addLast(key);
        metrics.depth(ready.size());
        return true;
    }

    /** Hands the first ready key to a worker; there must be one. */
    K take() {
        K key = ready.removeFirst();
        long now = ticker.nanos();
        processing.add(key);
        processingSince.put(key, now);
        dirty.remove(key);
        Long since = pendingSince.remove(key);
        if (since != null) {
            metrics.latency(Duration.ofNanos(now - since));
        }
        metrics.depth(ready.size());
        metrics.inFlight(processing.size());
        return key;
    }

    /** Takes {@code key} back from its worker; false if no worker held it. */
    boolean release(K key) {
        if (!processing.remove(key)) {
            return false;
        }
        metrics.inFlight(processing.size());
        Long since = processingSince.remove(key);
        if (since != null) {
            metrics.workDuration(Duration.ofNanos(ticker.nanos() - since));
        }
        return true;
    }

    /** Makes a released {@code key} ready again if it was added while a worker held it; returns whether it was. */
    boolean readyAgain(K key) {
        if (!dirty.contains(key)) {
            return false;
        }
        ready.addLast(key);
        metrics.depth(ready.size());
        return true;
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Nothing ready and nothing held by a worker. */
    boolean isIdle() {
        return ready.isEmpty() && processing.isEmpty();
    }

    int readyCount() {
        return ready.size();
    }

    int processingCount() {
        return processing.size();
    }

    /** Drops every key not held by a worker; those are released as their workers finish. */
    void clearWaiting() {
        ready.clear();
        dirty.clear();
        pendingSince.clear();
        metrics.depth(0);
    }
}
