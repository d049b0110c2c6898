package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every write of one sync, in the order the executor makes them: the revision, the template-generation
 * annotation, adoptions and releases, moving pods off duplicate revisions, pod creates and deletes,
 * history pruning, the status, events. What is null or empty is not written.
 *
 * @param revision the update revision and its writes; null when the sync touches no revision
 * @param templateGeneration the value {@code deprecated.daemonset.template.generation} must get; null if it has it
 * @param podClaims pods to adopt or release; null if none. If one fails, nothing after it is written
 * @param moveToKept pods to move off revisions that duplicate the update revision, and those revisions
 * @param pods the pod creates and deletes
 * @param prune old revisions to delete
 * @param status the status computed, and whether to write it; null for none
 * @param events events to record after everything else
 * @param requeueAfter when to sync again though nothing changes; null for never
 * @param summary what the sync does, for the log; null if nothing worth a line
 */
public record SyncPlan(
        Mode mode,
        RevisionPlan revision,
        Long templateGeneration,
        Claims<Pod> podClaims,
        MoveToKept moveToKept,
        PodWrites pods,
        List<RevisionInfo> prune,
        StatusUpdate status,
        List<PlannedEvent> events,
        Duration requeueAfter,
        String summary) {

    /** Which kind of sync the plan is for. */
    public enum Mode {
        /** Creates on nodes that just joined, ahead of the full sync. */
        JOINED_NODES,
        /** Everything observed: manage and roll out. */
        FULL,
        /** Only creates are unobserved: creates on nodes without a pod or a create under way. */
        CREATES_WHILE_UNOBSERVED,
        /** Deletes or uncertain writes are unobserved: status only. */
        STATUS_ONLY,
        /** Two revisions hold the current template: pods move to the kept one first. */
        MOVE_TO_KEPT_REVISION,
        /** A valid DaemonSet being deleted: nothing to do. */
        BEING_DELETED,
        /** An invalid spec: the last valid revision is served. */
        INVALID_SPEC
    }

    /**
     * Pod creates and deletes of one template.
     *
     * @param inBackground creates go out without waiting for the answers, if the template is proven
     */
    public record PodWrites(
            ManagePlan plan, PodTemplateSpec template, String hash, long templateGeneration, boolean inBackground) {}

    /** Pods to relabel with {@code hash}, then the duplicate revisions to delete. */
    public record MoveToKept(List<Pod> pods, String hash, List<RevisionInfo> revisions) {}

    /**
     * @param write whether to write it: it changed, and pacing does not hold it back
     * @param paced whether the write is paced (and the status, counted from the pods, is reported as metrics)
     * @param asOf the time the status was computed at
     */
    public record StatusUpdate(DaemonSetStatus status, boolean write, boolean paced, Instant asOf) {}

    /** A plan that writes nothing. */
    public static SyncPlan nothing(Mode mode) {
        return new SyncPlan(mode, null, null, null, null, null, List.of(), null, List.of(), null, null);
    }
}
