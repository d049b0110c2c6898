package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Spaces out status writes that only move counters. While 5,000 pods come up, every pod event
 * wakes the DaemonSet and the counters change each time; writing each change would double the API
 * writes of a rollout. Counters are written at most once per interval per DaemonSet, and the sync
 * that skips one asks to come back when the interval ends, so the final numbers always land.
 * Anything else (a condition's status or reason, observedGeneration, revisions) is written at once,
 * and so is a counter reaching the desired number.
 *
 * @param lastWrite when this DaemonSet's status was last written by this process, null if never
 * @param interval the least time between two writes that only move counters
 */
public record StatusPacing(Instant lastWrite, Duration interval) {
    /** No pacing: every change is written at once. */
    public static final StatusPacing NONE = new StatusPacing(null, Duration.ZERO);

    /** Null to write now, else how long to wait before writing. */
    public Duration delay(DaemonSetStatus previous, DaemonSetStatus next, Instant now) {
        if (lastWrite == null
                || previous == null
                || !onlyCountersChanged(previous, next)
                || reachedTarget(previous, next)) {
            return null;
        }
        Instant due = lastWrite.plus(interval);
        return now.isBefore(due) ? Duration.between(now, due) : null;
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
            if (other == null
                    || !Objects.equals(c.getStatus(), other.getStatus())
                    || !Objects.equals(c.getReason(), other.getReason())) {
                return false;
            }
        }
        return true;
    }
}
