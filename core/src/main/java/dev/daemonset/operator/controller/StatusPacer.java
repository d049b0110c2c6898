package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces out status writes that only move counters. While 5,000 pods come up, every pod event
 * wakes the DaemonSet and the counters change each time; writing each change would double the API
 * writes of a rollout. Counters are written at most once per interval per DaemonSet, and the sync
 * that skips one asks to come back when the interval ends, so the final numbers always land.
 * Anything else (a condition's status or reason, observedGeneration, revisions) is written at once,
 * and so is a counter reaching the desired number.
 */
final class StatusPacer {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final Duration interval;
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  StatusPacer(Duration interval) {
    this.interval = interval;
  }

  /** Null to write now, else how long to wait before writing. */
  Duration delay(String uid, DaemonSetStatus previous, DaemonSetStatus next, Instant now) {
    Instant last = lastWrite.get(uid);
    if (last == null || previous == null || !onlyCountersChanged(previous, next) || reachedTarget(previous, next)) {
      return null;
    }
    Instant due = last.plus(interval);
    return now.isBefore(due) ? Duration.between(now, due) : null;
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

  /**
   * A counter that has just reached the desired number is the news everyone waits for (every pod
   * scheduled, ready, available, updated): pacing it would make {@code rollout status} and
   * convergence look up to a second slower than they are. Costs a handful of writes per rollout.
   */
  private static boolean reachedTarget(DaemonSetStatus a, DaemonSetStatus b) {
    Integer desired = b.getDesiredNumberScheduled();
    if (desired == null) {
      return false;
    }
    return arrived(a.getCurrentNumberScheduled(), b.getCurrentNumberScheduled(), desired)
        || arrived(a.getNumberReady(), b.getNumberReady(), desired)
        || arrived(a.getNumberAvailable(), b.getNumberAvailable(), desired)
        || arrived(a.getUpdatedNumberScheduled(), b.getUpdatedNumberScheduled(), desired);
  }

  private static boolean arrived(Integer before, Integer after, int desired) {
    return Objects.equals(after, desired) && !Objects.equals(before, desired);
  }

  private static boolean onlyCountersChanged(DaemonSetStatus a, DaemonSetStatus b) {
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
        && Objects.equals(a.getUpdateRevision(), b.getUpdateRevision())
        && Objects.equals(a.getCurrentRevision(), b.getCurrentRevision())
        && sameConditions(a, b);
  }

  /**
   * Conditions count as unchanged while each keeps its status and reason: the rollout conditions'
   * messages quote the counters ("3 of 10 pods updated, 9 available") and their lastUpdateTime moves
   * with them, so comparing messages would write at once on every counter change after all.
   */
  private static boolean sameConditions(DaemonSetStatus a, DaemonSetStatus b) {
    List<DaemonSetCondition> ca = a.getConditions() == null ? List.of() : a.getConditions();
    List<DaemonSetCondition> cb = b.getConditions() == null ? List.of() : b.getConditions();
    if (ca.size() != cb.size()) {
      return false;
    }
    for (DaemonSetCondition c : ca) {
      DaemonSetCondition other = Conditions.find(cb, c.getType());
      if (other == null || !Objects.equals(c.getStatus(), other.getStatus())
          || !Objects.equals(c.getReason(), other.getReason())) {
        return false;
      }
    }
    return true;
  }
}
