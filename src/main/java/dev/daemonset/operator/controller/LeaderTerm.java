package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.KubernetesEventRecorder;
import dev.daemonset.operator.exec.LeadershipGate;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import java.time.Duration;

/**
 * One stretch of leadership: the queue, workers and event writer that exist only while this
 * instance leads, and the gate every write of this term checks. A new term gets new ones, so
 * nothing queued or in flight in an old term can write in a later one.
 */
final class LeaderTerm {
  private final LeadershipGate gate;
  private final WorkQueue<DaemonSetKey> queue;
  private final Workers<DaemonSetKey> workers;
  private final DaemonSetReconciler reconciler;
  private final KubernetesEventRecorder events;

  LeaderTerm(LeadershipGate gate, WorkQueue<DaemonSetKey> queue, Workers<DaemonSetKey> workers,
      DaemonSetReconciler reconciler, KubernetesEventRecorder events) {
    this.gate = gate;
    this.queue = queue;
    this.workers = workers;
    this.reconciler = reconciler;
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
