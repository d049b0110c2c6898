package dev.daemonset.operator.exec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates and deletes a DaemonSet has issued but the pod informer has not yet reported. While any are
 * outstanding the cache is known to be stale for that DaemonSet, and planning from it would create
 * a second pod for a node or delete a pod twice; so the reconciler only refreshes status until they
 * are met. Deletions are tracked by pod UID, so a pod reported twice (marked for deletion, then
 * gone) is only counted once. Entries expire after a TTL, as upstream's, so a lost watch event
 * cannot wedge a DaemonSet forever.
 *
 * <p>A write that failed ambiguously (timed out, connection lost) may or may not have happened.
 * It stays expected, but only for a settle period: if it happened the informer reports it within
 * moments; if not, planning resumes once the period ends. Retrying at once instead could put a
 * second pod on a node.
 */
public final class Expectations<K> {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(15);

    private final Map<K, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration settle;

    public Expectations(Clock clock, Duration ttl) {
        this(clock, ttl, DEFAULT_SETTLE);
    }

    public Expectations(Clock clock, Duration ttl, Duration settle) {
        this.clock = clock;
        this.ttl = ttl;
        this.settle = settle;
    }

    private static final class Entry {
        private int creates;
        /** The nodes of the creates still expected; may name more nodes than remain (failures are not by node). */
        private final Set<String> createNodes = new HashSet<>();

        private int uncertainCreates;
        private final Set<String> deletes = new HashSet<>();
        private final Set<String> uncertainDeletes = new HashSet<>();
        private volatile Instant setAt;
        private Instant uncertainUntil;

        Entry(int creates, Collection<String> createNodes, Set<String> deletes, Instant setAt) {
            this.creates = creates;
            this.createNodes.addAll(createNodes);
            this.deletes.addAll(deletes);
            this.setAt = setAt;
        }

        /** The TTL counts from the latest writes: a DaemonSet creating burst after burst is not stuck. */
        synchronized void add(Collection<String> nodes, Set<String> deleteUids, Instant now) {
            setAt = now;
            creates += nodes.size();
            createNodes.addAll(nodes);
            deletes.addAll(deleteUids);
        }

        synchronized void created(String node) {
            // a pod for a node no create of ours names is someone else's (the previous instance's, seen late in
            // the initial list): counting it would clear the nodes still awaited, and a sync would create on one
            // of them again
            if (node != null && !createNodes.isEmpty() && !createNodes.remove(node)) {
                return;
            }
            if (creates > 0) {
                creates--;
            } else if (uncertainCreates > 0) {
                uncertainCreates--;
            }
            if (creates <= 0) {
                createNodes.clear();
            }
        }

        /** Null unless creates are all that is outstanding, and every one of them is certain. */
        synchronized Set<String> nodesAwaitingCreation() {
            if (!deletes.isEmpty() || uncertainCreates > 0 || !uncertainDeletes.isEmpty()) {
                return null;
            }
            return Set.copyOf(createNodes);
        }

        synchronized void createFailed(int n) {
            creates -= n;
        }

        synchronized void createUncertain(Instant until) {
            creates--;
            uncertainCreates++;
            uncertainUntil = until;
        }

        synchronized void deleted(String uid) {
            deletes.remove(uid);
            uncertainDeletes.remove(uid);
        }

        synchronized void deleteUncertain(String uid, Instant until) {
            if (deletes.remove(uid)) {
                uncertainDeletes.add(uid);
                uncertainUntil = until;
            }
        }

        synchronized boolean met(Instant now) {
            if (creates > 0 || !deletes.isEmpty()) {
                return false;
            }
            return (uncertainCreates <= 0 && uncertainDeletes.isEmpty()) || now.isAfter(uncertainUntil);
        }

        /** When these writes stop holding planning back by themselves, or null if they do not. */
        synchronized Instant releasedAt(Duration ttl) {
            if (creates > 0 || !deletes.isEmpty()) {
                return setAt.plus(ttl);
            }
            if (uncertainCreates > 0 || !uncertainDeletes.isEmpty()) {
                return uncertainUntil;
            }
            return null;
        }

        synchronized String describe() {
            return "creates=" + creates + " deletes=" + deletes.size()
                    + (uncertainCreates + uncertainDeletes.size() > 0
                            ? " uncertain=" + (uncertainCreates + uncertainDeletes.size()) + " until " + uncertainUntil
                            : "");
        }
    }

    /** Records what a sync is about to write; called before the first write. */
    public void expect(K key, int creates, Set<String> deleteUids) {
        entries.put(key, new Entry(creates, List.of(), deleteUids, clock.instant()));
    }

    /**
     * Records what a sync is about to write, by node for the creates; called before the first write.
     * Writes still outstanding from earlier syncs stay expected (see {@link #nodesAwaitingCreation}).
     */
    public void expect(K key, List<String> createNodes, Set<String> deleteUids) {
        Instant now = clock.instant();
        entries.compute(key, (k, existing) -> {
            if (existing == null || existing.met(now) || expired(existing, now)) {
                return new Entry(createNodes.size(), createNodes, deleteUids, now);
            }
            existing.add(createNodes, deleteUids, now);
            return existing;
        });
    }

    public void creationObserved(K key) {
        creationObserved(key, null);
    }

    /** A pod created for {@code node} (null if unknown) showed up in the cache. */
    public void creationObserved(K key, String node) {
        Entry e = entries.get(key);
        if (e != null) {
            e.created(node);
        }
    }

    /**
     * The nodes whose pods are created but not yet in the cache, when such creates are all that is
     * outstanding: a sync may then create pods on the other nodes without waiting for the cache (one
     * that read the cache after calling this sees every pod not named here). Null while deletions or
     * writes of unknown outcome are outstanding: then the sync must wait.
     */
    public Set<String> nodesAwaitingCreation(K key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Set.of();
        }
        Instant now = clock.instant();
        return e.met(now) || expired(e, now) ? Set.of() : e.nodesAwaitingCreation();
    }

    /** Creates that failed for sure, or were skipped, will never be observed. */
    public void lowerCreations(K key, int n) {
        Entry e = entries.get(key);
        if (e != null) {
            e.createFailed(n);
        }
    }

    /** A create that may have happened: wait a settle period for the informer to tell. */
    public void creationUncertain(K key) {
        Entry e = entries.get(key);
        if (e != null) {
            e.createUncertain(clock.instant().plus(settle));
        }
    }

    public void deletionObserved(K key, String uid) {
        Entry e = entries.get(key);
        if (e != null) {
            e.deleted(uid);
        }
    }

    /** A delete that may have happened: wait a settle period for the informer to tell. */
    public void deletionUncertain(K key, String uid) {
        Entry e = entries.get(key);
        if (e != null) {
            e.deleteUncertain(uid, clock.instant().plus(settle));
        }
    }

    public boolean satisfied(K key) {
        Entry e = entries.get(key);
        if (e == null) {
            return true;
        }
        Instant now = clock.instant();
        return e.met(now) || expired(e, now);
    }

    private boolean expired(Entry e, Instant now) {
        return Duration.between(e.setAt, now).compareTo(ttl) > 0;
    }

    /**
     * How long until the writes still expected for {@code key} stop holding it back by themselves (the
     * settle period of an ambiguous write, else the TTL), or null if nothing holds it back. A timed-out
     * write that never happened produces no event, so nothing else would wake the DaemonSet then: the
     * caller must come back after this long.
     */
    public Duration untilReleased(K key) {
        Entry e = entries.get(key);
        Instant at = e == null ? null : e.releasedAt(ttl);
        if (at == null) {
            return null;
        }
        // satisfied() wants "after", not "at"
        Duration wait = Duration.between(clock.instant(), at).plusMillis(1);
        return wait.isNegative() ? Duration.ofMillis(1) : wait;
    }

    /** The keys with an entry, as of now. */
    public Set<K> keys() {
        return Set.copyOf(entries.keySet());
    }

    public void forget(K key) {
        entries.remove(key);
    }

    /** Drops every entry; a new leader term starts from what the informers show, not from old writes. */
    public void forgetAll() {
        entries.clear();
    }

    /**
     * Drops entries that hold nothing back any more (every write observed, or the TTL or settle period
     * over): to a sync they are the same as no entry. Called on a schedule, so that keys the reconciler
     * never comes back to cannot pile up.
     */
    public void gc() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> e.met(now) || expired(e, now));
    }

    public int size() {
        return entries.size();
    }

    /** For logs and tests: outstanding creates and deletes. */
    public String describe(K key) {
        Entry e = entries.get(key);
        return e == null ? "none" : e.describe();
    }
}
