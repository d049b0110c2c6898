package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the operator's per-DaemonSet and per-node state from outliving its objects. What it remembers
 * per DaemonSet is one list of {@link DaemonSetMemory}, every one keyed by the DaemonSet's UID: what
 * {@link #daemonSetGone} forgets, what {@link #sweep} checks against the informer caches and what
 * {@link #sizes} reports, in one place each. Besides those: per-node notes, the metric series and
 * delayed queue keys (by name, as Prometheus and the queue know a DaemonSet), the decoded DaemonSets
 * (keyed as the informer's store is) and the event writer's caches (read on its own thread).
 *
 * <p>Assumptions:
 * <ul>
 *   <li>The informer handlers run on every replica, leader and standby, so a delete is forgotten on
 *       both; the holders of a leader term (queue, parsed revisions, event caches) exist only on the
 *       leader and go with its term.
 *   <li>Work under way when an object goes (a sync, a node event walking the DaemonSets it listed a
 *       moment before) can put an entry back after the delete was handled. Only a later look at the
 *       caches finds those: a sweep {@link #SWEEP_AFTER_DELETE} after a delete, after the leader's
 *       sync that finds a DaemonSet gone (which runs after any sync of it under way), and every
 *       {@link #PERIOD}.
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>After a sweep, every entry keyed by a DaemonSet or node names one the caches held when the
 *       sweep read them, or was made after the sweep read its holder. No entry of an object the caches
 *       hold is dropped: the memories are read before the caches are, and a UID is never reused, so an
 *       entry made meanwhile is not looked at; delayed queue keys, which name a DaemonSet by name, are
 *       checked key by key under the queue's lock (see {@link #sweep}).
 *   <li>Time-bounded entries (failed-pod backoff windows, expectations past their TTL) are dropped on
 *       the periodic run even while their DaemonSet lives.
 * </ul>
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration PERIOD = Duration.ofMinutes(5);
    static final Duration SWEEP_AFTER_DELETE = Duration.ofSeconds(1);

    private final InformerCache cache;
    private final JoinedNodes joinedNodes;
    private final FailedPodBackoff backoff;
    private final Expectations<String> expectations;
    /** Every memory the operator keeps per DaemonSet for as long as it runs; a term adds its own. */
    private final List<DaemonSetMemory> memories;

    private final OperatorMetrics metrics;
    private final Clock clock;
    private final Supplier<LeaderTerm> term;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dds-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean sweepPending = new AtomicBoolean();

    Housekeeping(
            InformerCache cache,
            CompiledDaemonSets compiled,
            AcceptedSelectors selectors,
            StatusPacer pacer,
            JoinedNodes joinedNodes,
            FailedPodBackoff backoff,
            Expectations<String> expectations,
            OperatorMetrics metrics,
            Clock clock,
            Supplier<LeaderTerm> term) {
        this.cache = cache;
        this.memories = List.of(
                DaemonSetMemory.of("compiledDaemonSets", compiled::uids, compiled::forget, compiled::size),
                DaemonSetMemory.of("acceptedSelectors", selectors::uids, selectors::forget, selectors::size),
                DaemonSetMemory.of("statusPacer", pacer::uids, pacer::forget, pacer::size),
                DaemonSetMemory.of("joinedNodes", joinedNodes::daemonSetUids, joinedNodes::forget, joinedNodes::size),
                DaemonSetMemory.of("failedPodBackoff", backoff::daemonSetUids, backoff::forget, backoff::size),
                DaemonSetMemory.of("expectations", expectations::keys, expectations::forget, expectations::size));
        this.joinedNodes = joinedNodes;
        this.backoff = backoff;
        this.expectations = expectations;
        this.metrics = metrics;
        this.clock = clock;
        this.term = term;
    }

    /** Starts the periodic run: time-bounded entries, then a sweep. */
    void start() {
        executor.scheduleWithFixedDelay(this::periodic, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The DaemonSet was deleted (or replaced by one of the same name): forget it now, sweep soon. */
    void daemonSetGone(DaemonSet ds) {
        String uid = ds.getMetadata().getUid();
        DaemonSetKey key = DaemonSetKey.of(ds);
        LeaderTerm t = term.get();
        memories(t).forEach(m -> m.forget(uid));
        metrics.daemonSetGone(key.namespace(), key.name());
        if (t != null) {
            t.forgetEventsAndDelayedKey(uid, key, this::isGone);
        }
        sweepSoon();
    }

    /**
     * A leader's sync found the DaemonSet gone. The queue hands a key to one worker at a time, so every
     * sync of it that was under way when it went has finished: a sweep now finds what those put back.
     */
    void syncFoundGone(DaemonSetKey key) {
        sweepSoon();
    }

    /** A new term starts: whatever the standby's handlers raced into its holders goes before the first sync. */
    void beforeLeading() {
        run("sweep", this::sweep);
    }

    /** The node was deleted. */
    void nodeGone(String node) {
        backoff.forgetNode(node);
        joinedNodes.forgetNode(node);
        sweepSoon();
    }

    /** The ControllerRevision was deleted. */
    void revisionGone(String revisionUid) {
        LeaderTerm t = term.get();
        if (t != null) {
            t.forgetRevision(revisionUid);
        }
    }

    /**
     * Drops whatever is held for DaemonSets and nodes the caches no longer hold. What each holder holds is
     * read before the caches are: an entry is only ever made for an object the caches hold, so one read
     * first and missing from the caches after is gone, while an entry made meanwhile is not looked at.
     */
    void sweep() {
        LeaderTerm t = term.get();
        Map<DaemonSetMemory, Set<String>> held = new LinkedHashMap<>();
        memories(t).forEach(m -> held.put(m, m.daemonSetUids()));
        Set<String> heldSeries = new HashSet<>(metrics.daemonSetsWithSeries());
        Set<String> heldNodes = new HashSet<>(backoff.nodes());
        heldNodes.addAll(joinedNodes.nodes());

        Set<String> liveUids = liveUids();
        Set<String> liveKeys = new HashSet<>();
        cache.daemonSets().forEach(ds -> liveKeys.add(DaemonSetKey.of(ds).toString()));
        Set<String> liveNodes = new HashSet<>();
        cache.nodes().forEach(node -> liveNodes.add(node.getMetadata().getName()));

        // keyed by UID, which is never reused: an entry held for a UID the caches lack is a DaemonSet gone
        held.forEach((memory, uids) ->
                uids.stream().filter(uid -> !liveUids.contains(uid)).forEach(memory::forget));
        heldSeries.removeAll(liveKeys);
        for (String name : heldSeries) {
            DaemonSetKey key = parse(name);
            metrics.daemonSetGone(key.namespace(), key.name());
        }
        heldNodes.removeAll(liveNodes);
        for (String node : heldNodes) {
            backoff.forgetNode(node);
            joinedNodes.forgetNode(node);
        }
        cache.dropReadingsOfGone();
        if (t != null) {
            // the event writer and the queue's delayed keys are judged when each gets to them: a delayed key
            // names a DaemonSet by name, which a new one may take meanwhile
            t.forgetGone(
                    new Predicate<>() {
                        private Set<String>
                                live; // read when the event writer gets to it, after it listed what it holds

                        @Override
                        public boolean test(String uid) {
                            if (live == null) {
                                live = liveUids();
                            }
                            return !live.contains(uid);
                        }
                    },
                    this::isGone);
        }
    }

    /** The operator's memories and, while it leads, its term's. */
    private List<DaemonSetMemory> memories(LeaderTerm t) {
        if (t == null) {
            return memories;
        }
        List<DaemonSetMemory> all = new ArrayList<>(memories);
        all.addAll(t.memories());
        return all;
    }

    private Set<String> liveUids() {
        Set<String> uids = new HashSet<>();
        cache.daemonSets().forEach(ds -> uids.add(ds.getMetadata().getUid()));
        return uids;
    }

    private static DaemonSetKey parse(String name) {
        int slash = name.indexOf('/');
        return new DaemonSetKey(name.substring(0, slash), name.substring(slash + 1));
    }

    private boolean isGone(DaemonSetKey key) {
        return cache.daemonSet(key) == null;
    }

    /**
     * Entries per holder, by name: the same names on a leader and a standby (a standby has no term, so
     * its term's holders count 0). Cheap enough for every metrics scrape.
     */
    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        LeaderTerm t = term.get();
        LeaderTerm.MEMORY_NAMES.forEach(name -> sizes.put(name, 0));
        memories(t).forEach(m -> sizes.put(m.name(), m.size()));
        sizes.put("daemonSetReadings", cache.readingCount());
        sizes.put("metricSeriesDaemonSets", metrics.daemonSetsWithSeries().size());
        sizes.put("queuedKeys", t == null ? 0 : t.queuedKeys());
        sizes.put("eventCaches", t == null ? 0 : t.eventCaches());
        return sizes;
    }

    private void sweepSoon() {
        if (!sweepPending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(
                    () -> {
                        sweepPending.set(false);
                        run("sweep", this::sweep);
                    },
                    SWEEP_AFTER_DELETE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            sweepPending.set(false);
        }
    }

    private void periodic() {
        run("garbage collection", () -> {
            backoff.gc(clock.instant());
            expectations.gc();
            sweep();
        });
    }

    /** A failed run is logged, not thrown: a scheduled task that throws is never run again. */
    private static void run(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping {} failed; it runs again later: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
