package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.plan.LabelSelectors;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pod event wakes its controlling DaemonSet (and marks a create or delete as observed), or, for an
 * orphan, every DaemonSet in its namespace whose selector matches it so that it can be adopted.
 *
 * <p>Events that mostly change counters wake it "soon" rather than now: a pod this DaemonSet created
 * showing up, and a pod's status or labels changing. At 5,000 nodes a sync costs milliseconds of CPU,
 * and a rollout or convergence delivers three events per pod (created, bound, ready): woken by each,
 * one DaemonSet kept a core busy with syncs that mostly recomputed the same status, which is paced to
 * one write a second anyway, and took the CPU from the writes still under way (a joining node's pods
 * for the other DaemonSets). Deletions, pods nobody waited for, and ownership changes wake it at once.
 */
final class PodEventHandler implements ResourceEventHandler<Pod> {
    private final ClusterView view;
    private final Expectations<String> expectations;
    private final Consumer<DaemonSetKey> enqueue;
    private final Consumer<DaemonSetKey> enqueueSoon;

    PodEventHandler(
            ClusterView view,
            Expectations<String> expectations,
            Consumer<DaemonSetKey> enqueue,
            Consumer<DaemonSetKey> enqueueSoon) {
        this.view = view;
        this.expectations = expectations;
        this.enqueue = enqueue;
        this.enqueueSoon = enqueueSoon;
    }

    @Override
    public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // seen for the first time already being deleted (e.g. after a restart): it counts as a deletion
            onDelete(pod, false);
            return;
        }
        DaemonSetKey owner = ownerKey(pod);
        if (owner != null) {
            String uid = ownerUid(pod);
            boolean awaited = !expectations.satisfied(uid);
            expectations.creationObserved(uid, PodTargets.targetNode(pod));
            (awaited ? enqueueSoon : enqueue).accept(owner);
        } else if (Owners.controllerOf(pod) == null) {
            enqueueMatching(pod);
        }
    }

    @Override
    public void onUpdate(Pod old, Pod now) {
        if (Objects.equals(
                old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
            return;
        }
        DaemonSetKey oldOwner = ownerKey(old);
        DaemonSetKey newOwner = ownerKey(now);
        boolean deletionStarted = now.getMetadata().getDeletionTimestamp() != null
                && old.getMetadata().getDeletionTimestamp() == null;
        if (deletionStarted && newOwner != null) {
            expectations.deletionObserved(ownerUid(now), now.getMetadata().getUid());
        }
        if (oldOwner != null && !oldOwner.equals(newOwner)) {
            enqueue.accept(oldOwner);
        }
        if (newOwner != null) {
            boolean urgent = deletionStarted || !newOwner.equals(oldOwner);
            (urgent ? enqueue : enqueueSoon).accept(newOwner);
            return;
        }
        // an orphan now: released by any controller (its labels may be unchanged), or relabelled
        if (Owners.controllerOf(now) == null
                && (Owners.controllerOf(old) != null
                        || !Objects.equals(
                                old.getMetadata().getLabels(), now.getMetadata().getLabels()))) {
            enqueueMatching(now);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
        DaemonSetKey owner = ownerKey(pod);
        if (owner != null) {
            expectations.deletionObserved(ownerUid(pod), pod.getMetadata().getUid());
            enqueue.accept(owner);
        }
    }

    /** Writes are awaited per DaemonSet UID: a DaemonSet recreated under the same name awaits none of its predecessor's. */
    private static String ownerUid(Pod pod) {
        return Owners.daemonSetControllerOf(pod).getUid();
    }

    private DaemonSetKey ownerKey(Pod pod) {
        OwnerReference ref = Owners.daemonSetControllerOf(pod);
        if (ref == null) {
            return null;
        }
        return new DaemonSetKey(pod.getMetadata().getNamespace(), ref.getName());
    }

    private void enqueueMatching(Pod pod) {
        for (DaemonSet ds : view.daemonSets()) {
            if (Objects.equals(
                            ds.getMetadata().getNamespace(), pod.getMetadata().getNamespace())
                    && ds.getSpec() != null
                    && !LabelSelectors.isEmpty(ds.getSpec().getSelector())
                    && LabelSelectors.matches(
                            ds.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                enqueue.accept(DaemonSetKey.of(ds));
            }
        }
    }
}
