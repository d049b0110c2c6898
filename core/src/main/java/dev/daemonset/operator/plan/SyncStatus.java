package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status a sync writes, and the events that go with a change of it.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>Counters are computed from the pods the sync read, before its own writes: the writes show in
 *       the next sync's status, as upstream's do.</li>
 *   <li>The previous status is the one the cache shows; the status subresource is written whole.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>An unchanged status is not written; a change of counters only is paced ({@link StatusPacing}).</li>
 *   <li>observedGeneration rises only once every earlier write is observed, or for an invalid spec
 *       (observed, though not accepted: the condition says why).</li>
 *   <li>Conditions the controller does not own are kept; RolloutStalled turning True is announced
 *       once with a Warning event.</li>
 * </ul>
 */
public final class SyncStatus {
    private SyncStatus() {}

    /** The status update, the events it announces, and when to compute it again. */
    public record Result(SyncPlan.StatusUpdate update, List<PlannedEvent> events, Duration requeueAfter) {}

    /** The status of a valid DaemonSet, with the rollout conditions. */
    public static Result of(
            SyncInput in,
            List<NodeVerdict> verdicts,
            Map<String, List<Pod>> podsByNode,
            RevisionPlan revision,
            RolloutPlan rollout) {
        DaemonSet ds = in.ds();
        SyncInput.Template c = in.template();
        Instant now = in.now();
        DaemonSetStatus previous = ds.getStatus();
        Long observed = in.unobserved().settled()
                ? ds.getMetadata().getGeneration()
                : (previous == null ? null : previous.getObservedGeneration());
        List<DaemonSetCondition> conditions =
                Conditions.remove(previous == null ? null : previous.getConditions(), EventReasons.INVALID_SPEC);
        StatusCalculator.Result computed = StatusCalculator.compute(new StatusCalculator.Input(
                verdicts,
                podsByNode,
                revision.updateHash(),
                c.spec().minReadySeconds(),
                now,
                previous,
                observed,
                conditions));
        DaemonSetStatus status = computed.status();
        status.setUpdateRevision(revision.updateName());
        boolean allUpdated = status.getUpdatedNumberScheduled().equals(status.getDesiredNumberScheduled());
        status.setCurrentRevision(
                allUpdated ? revision.updateName() : (previous == null ? null : previous.getCurrentRevision()));

        RolloutConditions.Result rolloutConditions = RolloutConditions.compute(new RolloutConditions.Input(
                c.spec().isRollingUpdate(),
                c.spec().paused(),
                status.getDesiredNumberScheduled(),
                status.getUpdatedNumberScheduled(),
                status.getNumberAvailable(),
                rollout.updateSet().size(),
                rollout.partitionCount(),
                RolloutProblems.describe(
                        rollout.pendingNodes(),
                        podsByNode,
                        revision.updateHash(),
                        c.spec().minReadySeconds(),
                        now),
                c.spec().progressDeadlineSeconds(),
                status.getConditions(),
                now));
        status.setConditions(rolloutConditions.conditions());
        Paced paced = paced(previous, status, in.pacing(), now);
        return new Result(
                paced.update(),
                stall(previous, status),
                earliest(earliest(computed.requeueAfter(), rolloutConditions.requeueAfter()), paced.delay()));
    }

    /**
     * The status of a DaemonSet whose invalid spec is served with its last valid revision: counted
     * against that revision, with the InvalidSpec condition; the revisions and collisionCount stay.
     */
    public static Result served(
            SyncInput in,
            List<NodeVerdict> verdicts,
            Map<String, List<Pod>> podsByNode,
            int minReadySeconds,
            List<DaemonSetCondition> conditions) {
        DaemonSet ds = in.ds();
        DaemonSetStatus previous = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        StatusCalculator.Result computed = StatusCalculator.compute(new StatusCalculator.Input(
                verdicts,
                podsByNode,
                in.served().hash(),
                minReadySeconds,
                in.now(),
                ds.getStatus(),
                ds.getMetadata().getGeneration(),
                conditions));
        DaemonSetStatus status = computed.status();
        status.setUpdateRevision(previous.getUpdateRevision());
        status.setCurrentRevision(previous.getCurrentRevision());
        status.setCollisionCount(previous.getCollisionCount());
        Paced paced = paced(ds.getStatus(), status, in.pacing(), in.now());
        return new Result(paced.update(), List.of(), earliest(paced.delay(), computed.requeueAfter()));
    }

    /** The status of a DaemonSet with an invalid spec and no revision to serve: the condition only, at once. */
    public static Result conditionOnly(SyncInput in, List<DaemonSetCondition> conditions) {
        DaemonSet ds = in.ds();
        DaemonSetStatus next =
                ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus().copy();
        next.setConditions(conditions);
        next.setObservedGeneration(ds.getMetadata().getGeneration());
        return new Result(
                new SyncPlan.StatusUpdate(next, !next.equals(ds.getStatus()), false, in.now()), List.of(), null);
    }

    private record Paced(SyncPlan.StatusUpdate update, Duration delay) {}

    private static Paced paced(DaemonSetStatus previous, DaemonSetStatus status, StatusPacing pacing, Instant now) {
        Duration wait = status.equals(previous) ? null : pacing.delay(previous, status, now);
        return new Paced(new SyncPlan.StatusUpdate(status, !status.equals(previous) && wait == null, true, now), wait);
    }

    private static List<PlannedEvent> stall(DaemonSetStatus previous, DaemonSetStatus next) {
        DaemonSetCondition before =
                Conditions.find(previous == null ? null : previous.getConditions(), RolloutConditions.STALLED);
        DaemonSetCondition after = Conditions.find(next.getConditions(), RolloutConditions.STALLED);
        boolean wasStalled = before != null && "True".equals(before.getStatus());
        List<PlannedEvent> events = new ArrayList<>();
        if (after != null && "True".equals(after.getStatus()) && !wasStalled) {
            events.add(PlannedEvent.warning("RolloutStalled", after.getMessage()));
        }
        return events;
    }

    static Duration earliest(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
