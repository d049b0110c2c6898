package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.SpecValidator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A cache of {@link CompiledDaemonSet} by UID; invalid specs are never compiled. */
final class CompiledDaemonSets {
    private final Map<String, CompiledDaemonSet> byUid = new ConcurrentHashMap<>();

    /** The compiled form, or null when the spec is invalid. */
    CompiledDaemonSet get(DaemonSet ds) {
        CompiledDaemonSet c = byUid.get(ds.getMetadata().getUid());
        if (c != null && c.isCurrentFor(ds)) {
            return c;
        }
        if (!SpecValidator.validate(ds.getSpec()).isEmpty()) {
            byUid.remove(ds.getMetadata().getUid());
            return null;
        }
        c = CompiledDaemonSet.compile(ds);
        byUid.put(c.uid(), c);
        return c;
    }

    void forget(String uid) {
        byUid.remove(uid);
    }

    /** The UIDs of the DaemonSets held, as of now. */
    Set<String> uids() {
        return Set.copyOf(byUid.keySet());
    }

    int size() {
        return byUid.size();
    }
}
