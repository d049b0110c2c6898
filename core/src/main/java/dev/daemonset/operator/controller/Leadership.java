package dev.daemonset.operator.controller;

import dev.daemonset.operator.queue.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance leads, and its {@link LeaderTerm} while it does. A term starts when the lease
 * is taken (at once without leader election) and ends when the lease is lost or the operator closes.
 * Informer events reach a queue only through here, so a standby queues nothing and a new leader,
 * which queues every DaemonSet, has missed nothing.
 */
final class Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /**
     * A worker holding one DaemonSet this long is stuck, and liveness fails. Far above what a sync may
     * take: every request of a sync ends within the client's timeouts (10 s to connect, 10 s for the
     * answer, by default); creates go at most 16 at a time and stop at the first failure (250 per sync
     * at most: under 3 minutes even if every one took the full timeout and succeeded); and once the API
     * server stops answering, the leader's fence refuses every write within its renew deadline, so a
     * sync that runs into an outage ends within seconds of it. Ten minutes leaves room for a slow API
     * server and is still short next to a sync that would otherwise hold its DaemonSet and its worker
     * until the next deploy.
     *
     * <p>The one way past it without a stuck worker: leader election turned off (no fence), an API
     * server that lets connections hang rather than refusing them, and a single sync deleting more than
     * about 500 pods (deletes do not stop at the first failure; 16 at a time at up to 20 s each).
     */
    static final Duration STUCK_SYNC = Duration.ofMinutes(10);

    private final OperatorComponents parts;
    /** Guards starting and ending terms, and starting the election, against {@link #refuseNewTerms}. */
    private final Object termLock = new Object();

    private final AtomicLong syncsOfEndedTerms = new AtomicLong();
    /** Workers of ended terms that were still inside a sync when their term ended. */
    private final List<Workers<DaemonSetKey>> lingering = new CopyOnWriteArrayList<>();

    private volatile LeaderTerm term;
    private volatile LeaseElection election;
    private volatile boolean closed;

    Leadership(OperatorComponents parts) {
        this.parts = parts;
    }

    /** Null while this instance does not lead. */
    LeaderTerm current() {
        return term;
    }

    /**
     * Runs {@code first}, then competes for the lease, or leads at once without leader election. Does
     * neither once {@link #refuseNewTerms} has run: a close that comes later finds the election to stop.
     *
     * @return false if refused
     */
    boolean begin(Runnable first) {
        synchronized (termLock) {
            if (closed) {
                return false;
            }
            first.run();
            if (parts.config.leaderElection() != null) {
                election = LeaseElection.start(
                        parts.client,
                        parts.config.leaderElection(),
                        parts.fence,
                        this::startLeading,
                        this::stopLeading);
            }
        }
        if (parts.config.leaderElection() == null) {
            startLeading();
        }
        return true;
    }

    /** Informer events only matter to a leader; a new leader queues every DaemonSet anyway. */
    void enqueue(DaemonSetKey key) {
        LeaderTerm t = term;
        if (t != null) {
            t.queue().add(key);
        }
    }

    /** Within {@link Operator#COALESCE}: the events of that window are answered by one sync. */
    void enqueueSoon(DaemonSetKey key) {
        LeaderTerm t = term;
        if (t != null) {
            t.queue().addAfter(key, Operator.COALESCE);
        }
    }

    /** Queues every known DaemonSet, as a periodic resync does. Does nothing on a standby. */
    void resyncAll() {
        parts.cache.daemonSets().forEach(ds -> enqueue(DaemonSetKey.of(ds)));
    }

    private void startLeading() {
        synchronized (termLock) {
            if (closed || term != null) {
                return;
            }
            // counts of unobserved writes from an earlier term may be wrong; the caches are the truth now
            parts.expectations.forgetAll();
            parts.joinedNodes.startTaking();
            term = parts.newTerm();
            parts.config.metrics().leading(true);
            LOG.info("leading: syncing every DaemonSet with {} workers", parts.config.workers());
        }
        parts.housekeeping.beforeLeading();
        resyncAll();
    }

    private void stopLeading() {
        endTerm();
    }

    /** Returns the term that ended, or null if this instance was not leading. */
    private LeaderTerm endTerm() {
        synchronized (termLock) {
            LeaderTerm ending = term;
            if (ending == null) {
                return null;
            }
            term = null;
            if (!ending.end(parts.writes.longest().plusSeconds(1))) {
                lingering.add(ending.workers());
            }
            parts.joinedNodes.stopTaking();
            syncsOfEndedTerms.addAndGet(ending.syncCount());
            parts.config.metrics().leading(false);
            return ending;
        }
    }

    /** Syncs started so far, over every term. */
    long syncCount() {
        LeaderTerm t = term;
        return syncsOfEndedTerms.get() + (t == null ? 0 : t.syncCount());
    }

    LeaseElection election() {
        return election;
    }

    boolean isClosed() {
        return closed;
    }

    /** No term starts after this, whether the lease is taken or start-up gets to leading. */
    void refuseNewTerms() {
        synchronized (termLock) {
            closed = true;
        }
    }

    /**
     * Ends the current term, waits for the writes it let through, then releases the lease, so that the
     * next leader cannot overlap with this one.
     */
    void end() {
        LeaderTerm ended = endTerm();
        if (ended != null) {
            awaitWritesDone(ended);
        }
        LeaseElection e = election;
        if (e != null) {
            e.close();
        }
    }

    /**
     * The client gives every write up within {@link WriteClient#longest}, so this ends by then; a write still
     * counted after that is stuck outside the HTTP layer, and the lease is released all the same rather
     * than holding the standby back for good.
     */
    private void awaitWritesDone(LeaderTerm ended) {
        Duration wait = parts.writes.longest().plusSeconds(1);
        try {
            if (!ended.awaitWritesDone(wait)) {
                LOG.warn(
                        "{} write(s) still under way {} after this instance stopped writing; releasing the lease anyway",
                        ended.writesInFlight(),
                        wait);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** What keeps the election, the workers or the queue's timer from working; see {@link Operator#livenessProblems}. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        LeaseElection e = election;
        if (e != null && e.stoppedBy() != null) {
            problems.add("leader election stopped competing: " + e.stoppedBy());
        }
        LeaderTerm t = term;
        if (t != null) {
            t.workers().deadThreads().forEach(name -> problems.add("worker " + name + " died"));
            if (t.queue().delayTimerDied()) {
                problems.add("the work queue's delay timer died: retries and requeues never come back");
            }
            stuckSyncs(t.workers(), problems);
        }
        lingering.removeIf(w -> w.aliveCount() == 0);
        lingering.forEach(w -> stuckSyncs(w, problems));
        return problems;
    }

    private static void stuckSyncs(Workers<DaemonSetKey> workers, List<String> problems) {
        for (Workers.Busy<DaemonSetKey> busy : workers.busyFor(STUCK_SYNC)) {
            problems.add("worker " + busy.thread() + " has been syncing " + busy.key() + " for "
                    + Elapsed.format(busy.running()) + " (a sync ends well within " + Elapsed.format(STUCK_SYNC) + ")");
        }
    }
}
