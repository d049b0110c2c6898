package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/**
 * One daemon pod as {@code explain} shows it.
 *
 * @param name      the pod's name
 * @param phase     status.phase, null before the kubelet reports
 * @param ready     the Ready condition is True
 * @param available ready for at least minReadySeconds, as the rolling update counts it
 * @param revision  its {@code controller-revision-hash} label
 * @param updated   the revision is the DaemonSet's current template revision
 * @param scheduled bound to its node (spec.nodeName set)
 * @param deleting  deletionTimestamp set
 * @param problem   why it is not Running and Ready ({@link PodProblems}), null when it is
 */
public record PodReport(
        String name,
        String phase,
        boolean ready,
        boolean available,
        String revision,
        boolean updated,
        boolean scheduled,
        boolean deleting,
        String problem) {

    /** The same pod with another explanation of what is wrong with it. */
    public PodReport withProblem(String newProblem) {
        return new PodReport(name, phase, ready, available, revision, updated, scheduled, deleting, newProblem);
    }

    public static PodReport of(Pod pod, String updateHash, int minReadySeconds, Instant now) {
        String revision = ManagePlanner.revisionOf(pod);
        return new PodReport(
                pod.getMetadata().getName(),
                PodConditions.phase(pod),
                PodConditions.isReady(pod),
                PodConditions.isAvailable(pod, minReadySeconds, now),
                revision,
                updateHash != null && updateHash.equals(revision),
                PodConditions.isScheduled(pod),
                PodConditions.isBeingDeleted(pod),
                PodProblems.describe(pod));
    }
}
