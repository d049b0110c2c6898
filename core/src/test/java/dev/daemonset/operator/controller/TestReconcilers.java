package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.exec.SyncExecutor;
import dev.daemonset.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** A reconciler wired as the operator wires it, against a {@link FakeCluster}, with no status pacing. */
final class TestReconcilers {
    private TestReconcilers() {}

    static DaemonSetReconciler of(
            FakeCluster cluster,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            PlanExecutor pods,
            Clock clock,
            JoinedNodes joined,
            Consumer<DaemonSetKey> retryLater) {
        return of(cluster, new HistoryManager(cluster, clock), expectations, backoff, pods, clock, joined, retryLater);
    }

    /** With every write observed at once, on a cluster without nodes: for what a sync does to revisions. */
    static DaemonSetReconciler of(FakeCluster cluster, HistoryManager history, Clock clock) {
        Expectations<String> expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        FailedPodBackoff backoff = new FailedPodBackoff();
        return of(
                cluster,
                history,
                expectations,
                backoff,
                new PlanExecutor(cluster, cluster, expectations, backoff, new DirectExecutorService(), 16, clock, 250),
                clock,
                new JoinedNodes(),
                k -> {});
    }

    private static DaemonSetReconciler of(
            FakeCluster cluster,
            HistoryManager history,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            PlanExecutor pods,
            Clock clock,
            JoinedNodes joined,
            Consumer<DaemonSetKey> retryLater) {
        StatusPacer pacer = new StatusPacer(Duration.ZERO);
        AcceptedSelectors selectors = new AcceptedSelectors(cluster);
        return new DaemonSetReconciler(
                cluster,
                new SyncSnapshots(
                        cluster, new CompiledDaemonSets(), history, selectors, expectations, backoff, pacer, clock),
                new SyncExecutor(pods, history.tracking(cluster), cluster, cluster, expectations),
                selectors,
                pacer,
                OperatorMetrics.NONE,
                joined,
                retryLater,
                k -> {});
    }
}
