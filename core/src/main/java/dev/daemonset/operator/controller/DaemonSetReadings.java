package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The typed reading of each stored DaemonSet, kept while the informer holds that very object: a
 * DaemonSet's object changes with every status write, not every sync, so each version is read
 * ({@link DaemonSetDecoder}) once rather than once per sync.
 */
final class DaemonSetReadings {
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();

    private record Decoded(GenericKubernetesResource raw, DaemonSet daemonSet) {}

    /** {@code raw} read: typed, or an {@link UnreadableDaemonSet}. */
    DaemonSet read(GenericKubernetesResource raw) {
        String key = Cache.metaNamespaceKeyFunc(raw);
        Decoded d = decoded.get(key);
        if (d != null && d.raw() == raw) {
            return d.daemonSet();
        }
        DaemonSet ds = DaemonSetDecoder.decode(raw);
        decoded.put(key, new Decoded(raw, ds));
        return ds;
    }

    /** An informer's handler for {@code handler}, which sees each DaemonSet as {@link #read} returns it. */
    ResourceEventHandler<GenericKubernetesResource> reading(ResourceEventHandler<DaemonSet> handler) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                handler.onAdd(read(obj));
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource now) {
                // the old version was read when it arrived: read(old) finds it, then read(now) replaces it
                DaemonSet before = read(old);
                handler.onUpdate(before, read(now));
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean finalStateUnknown) {
                DaemonSet gone = read(obj);
                decoded.remove(Cache.metaNamespaceKeyFunc(obj));
                handler.onDelete(gone, finalStateUnknown);
            }
        };
    }

    /** Drops the readings of the DaemonSets, by {@code namespace/name}, that {@code gone} accepts. */
    void dropIf(Predicate<String> gone) {
        decoded.keySet().removeIf(gone);
    }

    int size() {
        return decoded.size();
    }
}
