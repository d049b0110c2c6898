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
 */
final class PodEventHandler implements ResourceEventHandler<Pod> {
  private final ClusterView view;
  private final Expectations<String> expectations;
  private final Consumer<DaemonSetKey> enqueue;

  PodEventHandler(ClusterView view, Expectations<String> expectations, Consumer<DaemonSetKey> enqueue) {
    this.view = view;
    this.expectations = expectations;
    this.enqueue = enqueue;
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
      expectations.creationObserved(owner.toString(), PodTargets.targetNode(pod));
      enqueue.accept(owner);
    } else if (Owners.controllerOf(pod) == null) {
      enqueueMatching(pod);
    }
  }

  @Override
  public void onUpdate(Pod old, Pod now) {
    if (Objects.equals(old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
      return;
    }
    DaemonSetKey oldOwner = ownerKey(old);
    DaemonSetKey newOwner = ownerKey(now);
    if (now.getMetadata().getDeletionTimestamp() != null && old.getMetadata().getDeletionTimestamp() == null
        && newOwner != null) {
      expectations.deletionObserved(newOwner.toString(), now.getMetadata().getUid());
    }
    if (oldOwner != null && !oldOwner.equals(newOwner)) {
      enqueue.accept(oldOwner);
    }
    if (newOwner != null) {
      enqueue.accept(newOwner);
      return;
    }
    if (Owners.controllerOf(now) == null
        && (oldOwner != null || !Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels()))) {
      enqueueMatching(now);
    }
  }

  @Override
  public void onDelete(Pod pod, boolean finalStateUnknown) {
    DaemonSetKey owner = ownerKey(pod);
    if (owner != null) {
      expectations.deletionObserved(owner.toString(), pod.getMetadata().getUid());
      enqueue.accept(owner);
    }
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
      if (Objects.equals(ds.getMetadata().getNamespace(), pod.getMetadata().getNamespace())
          && ds.getSpec() != null && !LabelSelectors.isEmpty(ds.getSpec().getSelector())
          && LabelSelectors.matches(ds.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        enqueue.accept(DaemonSetKey.of(ds));
      }
    }
  }
}
