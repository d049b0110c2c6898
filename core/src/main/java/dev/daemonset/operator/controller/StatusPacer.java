package dev.daemonset.operator.controller;

import dev.daemonset.operator.plan.StatusPacing;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when each DaemonSet's status was last written, for {@link StatusPacing}: the sync reads
 * the pacing into its snapshot, and the reconciler notes each write the pacing governs.
 */
final class StatusPacer {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Duration interval;
    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

    StatusPacer(Duration interval) {
        this.interval = interval;
    }

    /** The pacing of a DaemonSet's next status write. */
    StatusPacing pacing(String uid) {
        return new StatusPacing(lastWrite.get(uid), interval);
    }

    void written(String uid, Instant now) {
        lastWrite.put(uid, now);
    }

    void forget(String uid) {
        lastWrite.remove(uid);
    }

    /** The UIDs of the DaemonSets held, as of now. */
    Set<String> uids() {
        return Set.copyOf(lastWrite.keySet());
    }

    int size() {
        return lastWrite.size();
    }
}
