package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.KubernetesEventRecorder;
import dev.daemonset.operator.exec.LeadershipGate;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One stretch of leadership: the queue, workers and event writer that exist only while this
 * instance leads, and the gate every write of this term checks. A new term gets new ones, so
 * nothing queued or in flight in an old term can write in a later one. What a term holds per
 * DaemonSet goes with the term, and before that with the DaemonSet ({@link Housekeeping}).
 */
final class LeaderTerm {
    private final LeadershipGate gate;
    private final WorkQueue<DaemonSetKey> queue;
    private final Workers<DaemonSetKey> workers;
    private final DaemonSetReconciler reconciler;
    private final HistoryManager history;
    private final PlanExecutor executor;
    private final KubernetesEventRecorder events;

    /** The names of {@link #memories}, which a standby reports as empty. */
    static final List<String> MEMORY_NAMES = List.of("parsedRevisions", "justCreatedRevisions", "provenTemplates");

    LeaderTerm(
            LeadershipGate gate,
            WorkQueue<DaemonSetKey> queue,
            Workers<DaemonSetKey> workers,
            DaemonSetReconciler reconciler,
            HistoryManager history,
            PlanExecutor executor,
            KubernetesEventRecorder events) {
        this.gate = gate;
        this.queue = queue;
        this.workers = workers;
        this.reconciler = reconciler;
        this.history = history;
        this.executor = executor;
        this.events = events;
    }

    WorkQueue<DaemonSetKey> queue() {
        return queue;
    }

    Workers<DaemonSetKey> workers() {
        return workers;
    }

    long syncCount() {
        return reconciler.syncCount();
    }

    /** Waits, at most {@code timeout}, for the writes the gate let through to return. */
    boolean awaitWritesDone(Duration timeout) throws InterruptedException {
        return gate.awaitWritesDone(timeout);
    }

    int writesInFlight() {
        return gate.writesInFlight();
    }

    /** What this term remembers per DaemonSet; it goes with the term, and before that with the DaemonSet. */
    List<DaemonSetMemory> memories() {
        return List.of(
                DaemonSetMemory.of(MEMORY_NAMES.get(0), history::daemonSetUids, history::forget, history::parsedCount),
                DaemonSetMemory.of(
                        MEMORY_NAMES.get(1), history::daemonSetUids, history::forget, history::justCreatedCount),
                DaemonSetMemory.of(
                        MEMORY_NAMES.get(2),
                        executor.provenTemplates()::daemonSetUids,
                        executor.provenTemplates()::forget,
                        executor.provenTemplates()::size));
    }

    /**
     * The DaemonSet is gone: its events go, and a delayed key is dropped if {@code gone} still says so
     * under the queue's lock. A ready key stays queued, as the sync that finds it gone drops the rest.
     */
    void forgetEventsAndDelayedKey(String uid, DaemonSetKey key, Predicate<DaemonSetKey> gone) {
        events.forget(uid);
        queue.discardDelayed(k -> k.equals(key) && gone.test(k));
    }

    void forgetRevision(String revisionUid) {
        history.forgetRevision(revisionUid);
    }

    /**
     * Drops the events of DaemonSets whose UID {@code goneUid} accepts and the delayed keys {@code gone}
     * accepts, each judged when its holder gets to it.
     */
    void forgetGone(Predicate<String> goneUid, Predicate<DaemonSetKey> gone) {
        events.forgetGone(goneUid);
        queue.discardDelayed(gone);
    }

    /** Keys queued, delayed or being synced. */
    int queuedKeys() {
        return queue.len() + queue.delayedLen() + queue.inFlight();
    }

    /** Events and event groups remembered, for every DaemonSet together. */
    int eventCaches() {
        return events.size();
    }

    /**
     * Closes the gate first, so writes stop at once, then lets the workers finish their current key: with
     * the gate closed that takes no longer than a write already under way, {@code workersStop} at most.
     *
     * @return whether every worker stopped; one that did not is still inside a sync
     */
    boolean end(Duration workersStop) {
        gate.close();
        boolean stopped = workers.close(workersStop);
        events.close();
        return stopped;
    }
}
