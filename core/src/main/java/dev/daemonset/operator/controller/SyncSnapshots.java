package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.JoinedNodesPlanner;
import dev.daemonset.operator.plan.OwnershipPlanner;
import dev.daemonset.operator.plan.SpecValidator;
import dev.daemonset.operator.plan.StatusPacing;
import dev.daemonset.operator.plan.SyncInput;
import dev.daemonset.operator.plan.Violation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a sync decides from: the caches, the claims, the revisions, the writes not yet observed,
 * the backoff, the status pacing and the time. Writes nothing.
 */
final class SyncSnapshots {
    private final ClusterView view;
    private final CompiledDaemonSets compiled;
    private final HistoryManager history;
    private final AcceptedSelectors selectors;
    private final Expectations<String> expectations;
    private final FailedPodBackoff backoff;
    private final StatusPacer pacer;
    private final Clock clock;

    SyncSnapshots(
            ClusterView view,
            CompiledDaemonSets compiled,
            HistoryManager history,
            AcceptedSelectors selectors,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            StatusPacer pacer,
            Clock clock) {
        this.view = view;
        this.compiled = compiled;
        this.history = history;
        this.selectors = selectors;
        this.expectations = expectations;
        this.backoff = backoff;
        this.pacer = pacer;
        this.clock = clock;
    }

    SyncInput read(DaemonSetKey key, DaemonSet ds) {
        Instant now = clock.instant();
        List<Violation> violations = violations(ds);
        StatusPacing pacing = pacer.pacing(ds.getMetadata().getUid());
        if (!violations.isEmpty()) {
            return invalid(key, ds, violations, pacing, now);
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return new SyncInput(ds, violations, null, null, null, List.of(), null, null, null, pacing, now);
        }
        // Before the pods are read, as upstream does: once met, every write counted has reached the cache, so
        // the read below sees it. Checked after the read, a pod the informer delivers in between is counted
        // but missing from the snapshot, and its node gets a second pod.
        SyncInput.Unobserved unobserved = unobserved(ds);
        CompiledDaemonSet c = compiled.get(ds);
        SyncInput.History revisions = history.read(ds, c.hash());
        List<Node> nodes = view.nodes();
        Claims<Pod> pods = OwnershipPlanner.claim(
                ds.getSpec().getSelector(),
                false,
                view.podsControlledBy(ds.getMetadata().getUid()),
                view.orphanPods(ds.getMetadata().getNamespace()));
        return new SyncInput(
                ds,
                violations,
                template(c),
                revisions,
                null,
                nodes,
                pods,
                unobserved,
                backoff.viewFor(ds),
                pacing,
                now);
    }

    /** What the creates on nodes that just joined are decided from. */
    JoinedNodesPlanner.Input joined(DaemonSetKey key, DaemonSet ds, Set<String> joined) {
        boolean selectorChanged = selectors.changed(ds) != null;
        CompiledDaemonSet c = selectorChanged ? null : compiled.get(ds);
        // expectations before pods, as in the full sync
        String uid = ds.getMetadata().getUid();
        Set<String> awaiting = expectations.satisfied(uid) ? Set.of() : expectations.nodesAwaitingCreation(uid);
        List<Node> nodes = new ArrayList<>();
        Map<String, List<Pod>> pods = new HashMap<>();
        if (c != null && awaiting != null) {
            for (String name : joined) {
                Node node = view.node(name);
                if (node != null) {
                    nodes.add(node);
                    pods.put(name, view.podsOnNode(name));
                }
            }
        }
        return new JoinedNodesPlanner.Input(
                ds,
                c == null ? null : template(c),
                selectorChanged,
                awaiting,
                nodes,
                pods,
                () -> history.read(ds, c.hash()));
    }

    private SyncInput invalid(
            DaemonSetKey key, DaemonSet ds, List<Violation> violations, StatusPacing pacing, Instant now) {
        String uid = ds.getMetadata().getUid();
        LastValidRevision last = ds.getMetadata().getDeletionTimestamp() != null
                ? null
                : LastValidRevision.of(view.revisionsControlledBy(uid));
        if (last == null) {
            return new SyncInput(ds, violations, null, null, null, List.of(), null, null, null, pacing, now);
        }
        SyncInput.ServedRevision served =
                new SyncInput.ServedRevision(last.name(), last.hash(), last.number(), last.template(), last.rules());
        SyncInput.Unobserved unobserved = unobserved(ds);
        List<Node> nodes = view.nodes();
        Claims<Pod> pods = new Claims<>(view.podsControlledBy(uid), List.of(), List.of());
        return new SyncInput(
                ds, violations, null, null, served, nodes, pods, unobserved, backoff.viewFor(ds), pacing, now);
    }

    private SyncInput.Unobserved unobserved(DaemonSet ds) {
        String k = ds.getMetadata().getUid();
        if (expectations.satisfied(k)) {
            return SyncInput.Unobserved.NONE;
        }
        Set<String> awaiting = expectations.nodesAwaitingCreation(k);
        // described only for the status-only sync's log line
        return new SyncInput.Unobserved(
                false, awaiting, expectations.untilReleased(k), awaiting == null ? expectations.describe(k) : null);
    }

    private static SyncInput.Template template(CompiledDaemonSet c) {
        return new SyncInput.Template(c.spec(), c.rules(), c.templateKey(), c.hash());
    }

    private List<Violation> violations(DaemonSet ds) {
        if (ds instanceof UnreadableDaemonSet unreadable) {
            return unreadable.problems();
        }
        List<Violation> violations = new ArrayList<>(SpecValidator.validate(ds.getSpec()));
        Violation selectorChange = selectors.changed(ds);
        if (selectorChange != null) {
            violations.add(selectorChange);
        }
        return violations;
    }
}
