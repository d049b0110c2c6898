package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sync of a DaemonSet whose spec is invalid. An invalid spec freezes the rollout, not the
 * service. Upstream's API server refuses an invalid update, so the last valid spec goes on being
 * reconciled; here the update is already stored, so the controller serves the last valid revision
 * instead.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>The revision with the highest number holds the last valid template the user asked for: the
 *       controller writes a revision only for a valid spec, and a rollback renumbers the revision it
 *       returns to.</li>
 *   <li>The input's pods are only those this DaemonSet already controls: its selector can no longer be
 *       trusted.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>A new node gets its pod, a deleted or failed pod is replaced, but nothing is rolled, adopted,
 *       released or pruned because of the spec; no revision is written.</li>
 *   <li>A DaemonSet that was never valid (or is being deleted) gets no pod; its status gets the
 *       InvalidSpec condition and observedGeneration only.</li>
 *   <li>A Warning event (and SelectingAll for an empty selector) when what is wrong changes, not on
 *       every sync.</li>
 * </ul>
 */
public final class InvalidSpecPlanner {
    private InvalidSpecPlanner() {}

    public static SyncPlan plan(SyncInput in) {
        DaemonSet ds = in.ds();
        String message = in.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
        DaemonSetStatus previous = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        List<PlannedEvent> events = announce(ds, previous, message);
        List<DaemonSetCondition> conditions = Conditions.set(
                previous.getConditions(),
                EventReasons.INVALID_SPEC,
                true,
                EventReasons.INVALID_SPEC,
                message,
                in.now());
        SyncInput.ServedRevision served = in.served();
        if (served == null) {
            SyncStatus.Result status = SyncStatus.conditionOnly(in, conditions);
            return new SyncPlan(
                    SyncPlan.Mode.INVALID_SPEC,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    status.update(),
                    events,
                    null,
                    null);
        }
        int minReadySeconds = servedMinReadySeconds(ds);
        List<NodeVerdict> verdicts = NodeVerdicts.of(served.rules(), false, in.nodes());
        Map<String, List<Pod>> podsByNode = PodTargets.byNode(in.pods().claimed());
        SyncPlan.PodWrites pods = null;
        Duration requeue;
        String summary = null;
        if (in.unobserved().settled()) {
            // with surge allowed, an old pod whose replacement already runs goes only once that one is available
            ManagePlan plan = ManagePlanner.plan(new ManagePlanner.Input(
                    ds.getMetadata().getNamespace(),
                    verdicts,
                    podsByNode,
                    served.hash(),
                    true,
                    minReadySeconds,
                    in.backoff(),
                    in.now()));
            requeue = plan.requeueAfter();
            pods = new SyncPlan.PodWrites(plan, served.template(), served.hash(), served.number(), false);
            if (!plan.isEmpty()) {
                summary = "spec invalid; serving the last valid revision " + served.name() + ": "
                        + plan.nodesNeedingPods().size() + " creates, "
                        + plan.podsToDelete().size() + " deletes";
            }
        } else {
            requeue = in.unobserved().untilReleased();
        }
        SyncStatus.Result status = SyncStatus.served(in, verdicts, podsByNode, minReadySeconds, conditions);
        return new SyncPlan(
                SyncPlan.Mode.INVALID_SPEC,
                null,
                null,
                null,
                null,
                pods,
                List.of(),
                status.update(),
                events,
                SyncStatus.earliest(requeue, status.requeueAfter()),
                summary);
    }

    /** The spec's minReadySeconds where it can be read and makes sense, else apps/v1's default. */
    static int servedMinReadySeconds(DaemonSet ds) {
        Integer m = ds.getSpec() == null ? null : ds.getSpec().getMinReadySeconds();
        return m == null || m < 0 ? 0 : m;
    }

    /** Warning events when what is wrong changes; none on every sync. */
    private static List<PlannedEvent> announce(DaemonSet ds, DaemonSetStatus previous, String message) {
        DaemonSetCondition existing = Conditions.find(previous.getConditions(), EventReasons.INVALID_SPEC);
        if (existing != null && "True".equals(existing.getStatus()) && message.equals(existing.getMessage())) {
            return List.of();
        }
        List<PlannedEvent> events = new ArrayList<>();
        if (SpecValidator.selectsAll(ds.getSpec())) {
            events.add(PlannedEvent.warning(
                    EventReasons.SELECTING_ALL,
                    "This daemon set is selecting all pods. A non-empty selector is required."));
        }
        events.add(PlannedEvent.warning(EventReasons.INVALID_SPEC, message));
        return events;
    }
}
