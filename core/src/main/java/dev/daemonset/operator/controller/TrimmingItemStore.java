package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's store that keeps a trimmed copy of each object: what the operator reads, not what the
 * API server sent. The informer still hands the whole object to the event handlers as the new state; the
 * trimmed one comes back as the old state and from every cache read.
 *
 * <p>Assumptions / Invariants:
 *
 * <ul>
 *   <li>fabric8 computes an object's index values from the object given to {@code put}, and removes them
 *       using the object this store returns: every index function gives the same values for a trimmed
 *       object as for the object it was trimmed from, or an index entry would outlive its object.
 *   <li>The trimmed copy shares no mutable state with the object it came from: the full object is
 *       garbage once the handlers have seen it.
 * </ul>
 */
final class TrimmingItemStore<T extends HasMetadata> implements ItemStore<T> {
    private final ConcurrentMap<String, T> items;
    private final UnaryOperator<T> trim;

    TrimmingItemStore(UnaryOperator<T> trim) {
        this(trim, new ConcurrentHashMap<>());
    }

    private TrimmingItemStore(UnaryOperator<T> trim, ConcurrentMap<String, T> items) {
        this.trim = trim;
        this.items = items;
    }

    /**
     * A store whose every listing comes in {@code order} of the keys (for a cluster-scoped object, its name). Kept
     * sorted as objects come and go, at a few comparisons each, so that a reader wanting that order gets it without
     * sorting the whole listing again.
     */
    static <T extends HasMetadata> TrimmingItemStore<T> sortedBy(Comparator<String> order, UnaryOperator<T> trim) {
        return new TrimmingItemStore<>(trim, new ConcurrentSkipListMap<>(order));
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return items.put(key, trim.apply(object));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    @Override
    public int size() {
        return items.size();
    }
}
