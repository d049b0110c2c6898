package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Eligibility;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Enqueues only the DaemonSets whose eligibility for the node changed. On a 5,000-node cluster
 * nodes update their status every few seconds; re-syncing every DaemonSet on each heartbeat is how
 * upstream's queue fell hours behind. A DaemonSet whose spec is invalid cannot be evaluated here (it
 * is served from its last valid revision), so it is woken by every change that could matter.
 */
final class NodeEventHandler implements ResourceEventHandler<Node> {
    private final ClusterView view;
    private final CompiledDaemonSets compiled;
    private final JoinedNodes joined;
    private final Consumer<DaemonSetKey> enqueue;

    NodeEventHandler(
            ClusterView view, CompiledDaemonSets compiled, JoinedNodes joined, Consumer<DaemonSetKey> enqueue) {
        this.view = view;
        this.compiled = compiled;
        this.joined = joined;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(Node node) {
        for (DaemonSet ds : view.daemonSets()) {
            CompiledDaemonSet c = compiled.get(ds);
            if (c == null) {
                enqueue.accept(DaemonSetKey.of(ds)); // an invalid spec is served from its last valid revision
            } else if (c.rules().evaluate(node).shouldRun()) {
                DaemonSetKey key = DaemonSetKey.of(ds);
                joined.add(ds.getMetadata().getUid(), node.getMetadata().getName());
                enqueue.accept(key);
            }
        }
    }

    @Override
    public void onUpdate(Node old, Node now) {
        if (!schedulingInputsChanged(old, now)) {
            return;
        }
        for (DaemonSet ds : view.daemonSets()) {
            CompiledDaemonSet c = compiled.get(ds);
            if (c == null) {
                enqueue.accept(DaemonSetKey.of(ds));
                continue;
            }
            Eligibility before = c.rules().evaluate(old);
            Eligibility after = c.rules().evaluate(now);
            if (before.shouldRun() != after.shouldRun()
                    || before.shouldContinueRunning() != after.shouldContinueRunning()) {
                DaemonSetKey key = DaemonSetKey.of(ds);
                if (after.shouldRun()) {
                    joined.add(ds.getMetadata().getUid(), now.getMetadata().getName());
                }
                enqueue.accept(key);
            }
        }
    }

    @Override
    public void onDelete(Node node, boolean finalStateUnknown) {
        Set<String> owners = new HashSet<>();
        for (Pod pod : view.podsOnNode(node.getMetadata().getName())) {
            OwnerReference ref = Owners.daemonSetControllerOf(pod);
            if (ref != null) {
                owners.add(ref.getUid());
            }
        }
        for (DaemonSet ds : view.daemonSets()) {
            CompiledDaemonSet c = compiled.get(ds);
            if (owners.contains(ds.getMetadata().getUid())
                    || (c != null && c.rules().evaluate(node).shouldRun())) {
                enqueue.accept(DaemonSetKey.of(ds));
            }
        }
    }

    /** Only labels, taints and the name feed eligibility; heartbeats and conditions do not. */
    static boolean schedulingInputsChanged(Node old, Node now) {
        return !Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels())
                || !Objects.equals(
                        old.getSpec() == null ? null : old.getSpec().getTaints(),
                        now.getSpec() == null ? null : now.getSpec().getTaints());
    }
}
