package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.KubernetesEventRecorder;
import dev.daemonset.operator.exec.LeadershipGate;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import java.time.Duration;
import java.util.Set;
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

  /** Entries a term holds, per holder; see {@link Housekeeping#sizes}. */
  record Sizes(int queuedKeys, int parsedRevisions, int justCreatedRevisions, int provenTemplates, int eventCaches) {
    static final Sizes NONE = new Sizes(0, 0, 0, 0, 0);
  }

  LeaderTerm(LeadershipGate gate, WorkQueue<DaemonSetKey> queue, Workers<DaemonSetKey> workers,
      DaemonSetReconciler reconciler, HistoryManager history, PlanExecutor executor, KubernetesEventRecorder events) {
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

  /**
   * The DaemonSet is gone. A ready key stays queued, as the sync that finds it gone drops the rest; a
   * delayed one is dropped if {@code gone} still says so under the queue's lock.
   */
  void forget(String uid, DaemonSetKey key, Predicate<DaemonSetKey> gone) {
    history.forget(uid);
    executor.forget(key.toString());
    events.forget(uid);
    queue.discardDelayed(k -> k.equals(key) && gone.test(k));
  }

  void forgetRevision(String revisionUid) {
    history.forgetRevision(revisionUid);
  }

  /** The UIDs of the DaemonSets this term holds revisions for, as of now. */
  Set<String> daemonSetUids() {
    return history.daemonSetUids();
  }

  /** The keys ({@code namespace/name}) of the DaemonSets this term remembers templates for, as of now. */
  Set<String> keys() {
    return executor.keys();
  }

  /** Drops the revisions held for a DaemonSet that is gone. */
  void forgetRevisionsOf(String uid) {
    history.forget(uid);
  }

  /** Drops the template remembered for a DaemonSet that is gone. */
  void forgetTemplateOf(String key) {
    executor.forget(key);
  }

  /**
   * Drops the events of DaemonSets whose UID {@code goneUid} accepts and the delayed keys {@code gone}
   * accepts, each judged when its holder gets to it.
   */
  void forgetGone(Predicate<String> goneUid, Predicate<DaemonSetKey> gone) {
    events.forgetGone(goneUid);
    queue.discardDelayed(gone);
  }

  Sizes sizes() {
    return new Sizes(queue.len() + queue.delayedLen() + queue.inFlight(), history.parsedCount(),
        history.justCreatedCount(), executor.size(), events.size());
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
