package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.SyncExecutor;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.plan.EventReasons;
import dev.daemonset.operator.plan.JoinedNodesPlanner;
import dev.daemonset.operator.plan.RolloutConditions;
import dev.daemonset.operator.plan.SyncInput;
import dev.daemonset.operator.plan.SyncPlan;
import dev.daemonset.operator.plan.SyncPlanner;
import dev.daemonset.operator.queue.KeyHandler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Syncs one DaemonSet, as upstream's {@code syncDaemonSet}: read a snapshot (caches, claims,
 * revisions, unobserved writes; no writes), plan the whole sync with one pure planner
 * ({@link SyncPlanner}: revision, ownership, pods, history, status, events, when to come back), and
 * hand the plan to one executor ({@link SyncExecutor}) that makes every write in a fixed order.
 * Nodes that just joined get their pods first, from a plan of their own ({@link JoinedNodesPlanner}).
 */
final class DaemonSetReconciler implements KeyHandler<DaemonSetKey> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonSetReconciler.class);
    /** Condition types this controller sets; it never removes or rewrites any other. */
    public static final Set<String> OWNED_CONDITIONS = Set.of(
            EventReasons.INVALID_SPEC,
            RolloutConditions.PROGRESSING,
            RolloutConditions.COMPLETE,
            RolloutConditions.PAUSED,
            RolloutConditions.STALLED);

    private final ClusterView view;
    private final SyncSnapshots snapshots;
    private final SyncExecutor executor;
    private final AcceptedSelectors selectors;
    private final StatusPacer pacer;
    private final OperatorMetrics metrics;
    private final JoinedNodes joinedNodes;
    private final Consumer<DaemonSetKey> retryLater;
    private final Consumer<DaemonSetKey> foundGone;
    private final AtomicLong syncs = new AtomicLong();

    /**
     * @param retryLater queues the DaemonSet again with backoff (a create sent in the background failed)
     * @param foundGone the DaemonSet is gone: what was queued for it can go
     */
    DaemonSetReconciler(
            ClusterView view,
            SyncSnapshots snapshots,
            SyncExecutor executor,
            AcceptedSelectors selectors,
            StatusPacer pacer,
            OperatorMetrics metrics,
            JoinedNodes joinedNodes,
            Consumer<DaemonSetKey> retryLater,
            Consumer<DaemonSetKey> foundGone) {
        this.view = view;
        this.snapshots = snapshots;
        this.executor = executor;
        this.selectors = selectors;
        this.pacer = pacer;
        this.metrics = metrics;
        this.joinedNodes = joinedNodes;
        this.retryLater = retryLater;
        this.foundGone = foundGone;
    }

    @Override
    public Duration process(DaemonSetKey key) {
        MDC.put("daemonset", key.toString());
        syncs.incrementAndGet();
        try {
            DaemonSet ds = view.daemonSet(key);
            if (ds == null) {
                metrics.daemonSetGone(key.namespace(), key.name());
                // the queue ran this after any sync of the key under way when it went: what those put back can go now
                foundGone.accept(key);
                LOG.debug("daemonset gone");
                return null;
            }
            long started = System.nanoTime();
            boolean failed = true;
            try {
                Duration requeue = sync(key, ds);
                failed = false;
                return requeue;
            } finally {
                metrics.reconciled(key.namespace(), key.name(), Duration.ofNanos(System.nanoTime() - started), failed);
            }
        } finally {
            MDC.remove("daemonset");
        }
    }

    /** Syncs started since the operator started; lets tests and benchmarks wait for quiet. */
    long syncCount() {
        return syncs.get();
    }

    private Duration sync(DaemonSetKey key, DaemonSet ds) {
        Set<String> joined = joinedNodes.take(ds.getMetadata().getUid());
        SyncPlan plan = joined.isEmpty() ? null : JoinedNodesPlanner.plan(snapshots.joined(key, ds, joined));
        if (plan == null) {
            SyncInput input = snapshots.read(key, ds);
            if (input.valid()) {
                selectors.remember(ds);
            }
            plan = SyncPlanner.plan(input);
            if (plan.mode() == SyncPlan.Mode.STATUS_ONLY) {
                LOG.debug(
                        "waiting for earlier writes to be observed ({}); status only",
                        input.unobserved().description());
            }
        }
        SyncExecutor.Outcome outcome = executor.execute(ds, plan, () -> retryLater.accept(key));
        SyncPlan.StatusUpdate status = plan.status();
        if (status != null && status.paced() && outcome.statusReached()) {
            metrics.daemonSetStatus(
                    ds.getMetadata().getNamespace(), ds.getMetadata().getName(), status.status());
            if (outcome.statusWritten()) {
                pacer.written(ds.getMetadata().getUid(), status.asOf());
            }
        }
        if (outcome.failed()) {
            throw new SyncFailedException(outcome.failure());
        }
        // after nodes that joined, the full sync (status, and anything else) comes after the other DaemonSets'
        // joined nodes, and late enough not to take the CPU from their creates
        return plan.mode() == SyncPlan.Mode.JOINED_NODES ? Operator.COALESCE : plan.requeueAfter();
    }

    /** A sync that wrote some but not all of its plan; the queue retries it with backoff. */
    static final class SyncFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncFailedException(String message) {
            super(message);
        }
    }
}
