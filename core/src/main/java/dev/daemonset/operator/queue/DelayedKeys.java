package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Keys waiting for their ready time, at most one ready time per key: the earliest requested.
 * Not thread-safe; {@link WorkQueue} guards it with its lock.
 */
final class DelayedKeys<K> {
    // Far enough to mean "never" without overflowing nanosecond arithmetic.
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private record Entry<K>(K key, long readyAt) {}

    // Moving a key earlier pushes a new heap entry instead of re-sorting the old one; the old entry stays
    // behind and is dropped when popped because it is no longer the key's current entry.
    private final PriorityQueue<Entry<K>> heap = new PriorityQueue<>((a, b) -> Long.compare(a.readyAt - b.readyAt, 0));
    private final Map<K, Entry<K>> current = new HashMap<>();

    /** {@code delay} in nanoseconds, capped where a longer delay would overflow the arithmetic of ready times. */
    static long nanosOf(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return delay.compareTo(Duration.ofNanos(MAX_DELAY_NANOS)) > 0 ? MAX_DELAY_NANOS : delay.toNanos();
    }

    /** Schedules {@code key} at {@code readyAt} unless it is already due at or before then. */
    void offer(K key, long readyAt) {
        Entry<K> existing = current.get(key);
        if (existing != null && existing.readyAt - readyAt <= 0) {
            return;
        }
        Entry<K> entry = new Entry<>(key, readyAt);
        current.put(key, entry);
        heap.add(entry);
    }

    /** Removes every key due at {@code now} and hands it to {@code sink}; returns how many. */
    int drainDue(long now, Consumer<K> sink) {
        int n = 0;
        while (!heap.isEmpty() && heap.peek().readyAt - now <= 0) {
            Entry<K> entry = heap.poll();
            if (current.get(entry.key) == entry) {
                current.remove(entry.key);
                sink.accept(entry.key);
                n++;
            }
        }
        return n;
    }

    /** Nanoseconds until the next key is due, or {@code Long.MAX_VALUE} when none waits. */
    long nanosUntilNext(long now) {
        while (!heap.isEmpty() && current.get(heap.peek().key) != heap.peek()) {
            heap.poll();
        }
        return heap.isEmpty() ? Long.MAX_VALUE : heap.peek().readyAt - now;
    }

    int size() {
        return current.size();
    }

    /** Removes the keys {@code drop} accepts, and with them every heap entry no longer current; returns how many keys. */
    int removeIf(Predicate<K> drop) {
        int before = current.size();
        current.keySet().removeIf(drop);
        if (current.size() == before) {
            return 0;
        }
        heap.removeIf(entry -> current.get(entry.key) != entry);
        return before - current.size();
    }

    void clear() {
        heap.clear();
        current.clear();
    }
}
