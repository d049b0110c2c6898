package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.SyncPlan.Mode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole plan of one sync of a DaemonSet, as upstream's {@code syncDaemonSet} runs it: being
 * deleted, nothing; an invalid spec, serve the last valid revision ({@link InvalidSpecPlanner});
 * else resolve the update revision, claim the pods, then — only while no earlier write is unobserved
 * — manage pods and, if manage had nothing to do, take one rolling-update step; prune history; the
 * status.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>The input was read before anything is written, the expectations before the pods (once met,
 *       every write counted has reached the cache, so the pods read show it).</li>
 *   <li>Every adoption and release planned succeeds; the executor writes nothing of the pods and no
 *       status if one fails, as upstream's claim error stops its sync.</li>
 *   <li>A revision to create either is created or exists with the same template; a hash collision
 *       stops the sync before any pod write.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>Deletes, replacements and rolling-update steps are planned only when every earlier write is
 *       observed; while only creates are unobserved, only nodes with no pod and no create under way
 *       get one; otherwise the status alone is written, without raising observedGeneration.</li>
 *   <li>Creates of manage and the replacements of a rolling update without surge go out in one sync;
 *       with surge, or when manage deletes anything, the rolling update waits for the next.</li>
 *   <li>While two revisions hold the current template, the sync only moves pods to the kept one and
 *       deletes the others; planning waits for the cache to show the pods relabelled.</li>
 *   <li>A revision whose hash a live pod carries is never pruned.</li>
 * </ul>
 */
public final class SyncPlanner {
    /** How soon to plan again after moving pods off a duplicate revision: time for the cache to show it. */
    public static final Duration RELABEL_SETTLE = Duration.ofSeconds(1);

    private SyncPlanner() {}

    public static SyncPlan plan(SyncInput in) {
        if (!in.valid()) {
            return InvalidSpecPlanner.plan(in);
        }
        if (in.beingDeleted()) {
            return SyncPlan.nothing(Mode.BEING_DELETED);
        }
        DaemonSet ds = in.ds();
        SyncInput.Template c = in.template();
        RevisionPlan revision = RevisionPlan.resolve(in.history(), c);
        Long annotate = templateGenerationToSet(ds, revision.templateGeneration());
        List<Pod> owned = new ArrayList<>(in.pods().claimed());
        owned.addAll(in.pods().toAdopt());
        Claims<Pod> claims = in.pods().settled() ? null : in.pods();
        if (!revision.sameTemplate().isEmpty()) {
            return new SyncPlan(
                    Mode.MOVE_TO_KEPT_REVISION,
                    revision,
                    annotate,
                    claims,
                    moveToKeptRevision(revision, owned),
                    null,
                    List.of(),
                    null,
                    List.of(),
                    RELABEL_SETTLE,
                    null);
        }
        String hash = revision.updateHash();
        List<NodeVerdict> verdicts = NodeVerdicts.of(c.rules(), c.spec().rolloutNodeSelector() != null, in.nodes());
        Map<String, List<Pod>> podsByNode = PodTargets.byNode(owned);
        RolloutPlan rollout =
                RolloutPlanner.plan(new RolloutPlanner.Input(verdicts, podsByNode, hash, c.spec(), in.now()));

        SyncInput.Unobserved unobserved = in.unobserved();
        Mode mode;
        ManagePlan writes = null;
        Duration requeue = null;
        String summary = null;
        if (unobserved.settled()) {
            mode = Mode.FULL;
            int desired = (int) verdicts.stream().filter(NodeVerdict::shouldRun).count();
            ManagePlan manage = ManagePlanner.plan(new ManagePlanner.Input(
                    ds.getMetadata().getNamespace(),
                    verdicts,
                    podsByNode,
                    hash,
                    c.spec().allowsSurge(desired),
                    c.spec().minReadySeconds(),
                    in.backoff(),
                    in.now()));
            requeue = manage.requeueAfter();
            writes = withRollout(manage, rollout, c.spec());
            summary = summary(manage, writes, rollout);
        } else if (unobserved.awaitingCreation() != null) {
            mode = Mode.CREATES_WHILE_UNOBSERVED;
            ManagePlan creates = createsOnNodesWithoutPods(verdicts, podsByNode, unobserved.awaitingCreation());
            writes = creates.isEmpty() ? null : creates;
            summary = writes == null
                    ? null
                    : "plan: " + creates.nodesNeedingPods().size() + " creates while "
                            + unobserved.awaitingCreation().size() + " earlier creates are not yet observed";
        } else {
            mode = Mode.STATUS_ONLY;
            requeue = unobserved.untilReleased();
        }
        SyncStatus.Result status = SyncStatus.of(in, verdicts, podsByNode, revision, rollout);
        List<RevisionInfo> prune =
                RevisionHistory.toDelete(revision.old(), c.spec().revisionHistoryLimit(), liveHashes(owned));
        SyncPlan.PodWrites pods = writes == null
                ? null
                : new SyncPlan.PodWrites(writes, c.spec().template(), hash, revision.templateGeneration(), false);
        return new SyncPlan(
                mode,
                revision,
                annotate,
                claims,
                null,
                pods,
                prune,
                status.update(),
                status.events(),
                SyncStatus.earliest(SyncStatus.earliest(requeue, rollout.requeueAfter()), status.requeueAfter()),
                summary);
    }

    /**
     * Manage's plan, or the rolling-update step when manage has nothing to do. Upstream's sync creates
     * the missing pods and takes the next rolling-update step in one pass; waiting for the creates to be
     * observed before deleting the next old pods doubles the number of round trips a rollout takes. Safe
     * without surge: a node whose pod is still to be created counts as unavailable in the step's budget.
     * With surge, or when manage deletes anything, the step waits.
     */
    static ManagePlan withRollout(ManagePlan manage, RolloutPlan rollout, EffectiveSpec spec) {
        ManagePlan step = rollout.asWrites();
        if (!spec.isRollingUpdate() || step.isEmpty()) {
            return manage;
        }
        if (manage.isEmpty()) {
            return step;
        }
        boolean replacesAlongsideCreates = !manage.nodesNeedingPods().isEmpty()
                && manage.podsToDelete().isEmpty()
                && rollout.budget().maxSurge() == 0
                && step.nodesNeedingPods().isEmpty();
        return replacesAlongsideCreates
                ? new ManagePlan(
                        manage.nodesNeedingPods(),
                        step.podsToDelete(),
                        manage.failedPodBackoffNodes(),
                        manage.events(),
                        manage.requeueAfter())
                : manage;
    }

    private static String summary(ManagePlan manage, ManagePlan writes, RolloutPlan rollout) {
        if (writes == manage) {
            return manage.isEmpty()
                    ? null
                    : "plan: " + manage.nodesNeedingPods().size() + " creates, "
                            + manage.podsToDelete().size() + " deletes";
        }
        if (manage.isEmpty()) {
            return "rolling update: " + writes.nodesNeedingPods().size() + " surge creates, "
                    + writes.podsToDelete().size()
                    + " replacements (maxUnavailable " + rollout.budget().maxUnavailable() + ", maxSurge "
                    + rollout.budget().maxSurge() + ")";
        }
        return "plan: " + writes.nodesNeedingPods().size() + " creates; rolling update: "
                + writes.podsToDelete().size() + " replacements (maxUnavailable "
                + rollout.budget().maxUnavailable() + ")";
    }

    /**
     * While only creates of earlier syncs are unobserved, pods for the other nodes need not wait for
     * them: without this, every burst of 250 creates waits for the cache to catch up before the next,
     * and at 5,000 nodes those waits add up to seconds. Only nodes with no pod at all and no create
     * under way get one; deletions, replacements and rolling-update steps wait until all is observed.
     */
    static ManagePlan createsOnNodesWithoutPods(
            List<NodeVerdict> verdicts, Map<String, List<Pod>> podsByNode, Set<String> awaitingCreation) {
        List<String> nodes = new ArrayList<>();
        for (NodeVerdict v : verdicts) {
            if (v.shouldRun() && !podsByNode.containsKey(v.nodeName()) && !awaitingCreation.contains(v.nodeName())) {
                nodes.add(v.nodeName());
            }
        }
        return new ManagePlan(nodes, List.of(), List.of(), List.of(), null);
    }

    /**
     * Two revisions hold the current template (created by another controller, or before templates were
     * compared by their defaulted form): as upstream, the pods of the others move to the kept one and the
     * others go. Planning waits for the next sync, when the cache shows the pods relabelled; else their
     * old label would have them rolled for a template they already run.
     */
    private static SyncPlan.MoveToKept moveToKeptRevision(RevisionPlan revision, List<Pod> owned) {
        Set<String> movedHashes = new HashSet<>();
        revision.sameTemplate().forEach(r -> movedHashes.add(r.hash()));
        List<Pod> toMove = owned.stream()
                .filter(p -> movedHashes.contains(ManagePlanner.revisionOf(p)))
                .toList();
        return new SyncPlan.MoveToKept(toMove, revision.updateHash(), revision.sameTemplate());
    }

    /** Upstream's {@code deprecated.daemonset.template.generation}, if the DaemonSet does not carry it yet. */
    static Long templateGenerationToSet(DaemonSet ds, long generation) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations();
        boolean set = annotations != null
                && Long.toString(generation).equals(annotations.get(TEMPLATE_GENERATION_ANNOTATION));
        return set ? null : generation;
    }

    /** The annotation upstream's API server keeps on apps/v1 DaemonSets: how many times the template changed. */
    public static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    static Set<String> liveHashes(List<Pod> pods) {
        Set<String> hashes = new HashSet<>();
        for (Pod pod : pods) {
            String h = ManagePlanner.revisionOf(pod);
            if (h != null) {
                hashes.add(h);
            }
        }
        return hashes;
    }
}
