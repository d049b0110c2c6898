package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How one operator instance runs.
 *
 * @param namespace the namespace to watch, or {@code null} for all namespaces
 * @param workers how many DaemonSets are synced at once
 * @param createBurst the most pod creates (and deletes) one sync may issue
 * @param leaderElection how to take the leader lease, or {@code null} to lead from the start (one
 *     replica, tests, the sandbox)
 * @param metrics where the operator reports what it does
 * @param writeSettle how long a pod write that failed ambiguously (timed out) keeps its DaemonSet
 *     from planning again: long enough for the informer to show the write if it happened
 */
public record OperatorConfig(
        String namespace,
        int workers,
        int createBurst,
        Clock clock,
        LeaderElectionSettings leaderElection,
        OperatorMetrics metrics,
        Duration writeSettle) {
    public static final int DEFAULT_WORKERS = 4;
    public static final int DEFAULT_BURST = 250;

    public OperatorConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (createBurst < 1) {
            throw new IllegalArgumentException("createBurst must be at least 1, got " + createBurst);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(writeSettle, "writeSettle");
        if (writeSettle.isNegative()) {
            throw new IllegalArgumentException("writeSettle must not be negative, got " + writeSettle);
        }
    }

    public OperatorConfig(
            String namespace,
            int workers,
            int createBurst,
            Clock clock,
            LeaderElectionSettings leaderElection,
            OperatorMetrics metrics) {
        this(namespace, workers, createBurst, clock, leaderElection, metrics, Expectations.DEFAULT_SETTLE);
    }

    /** Without leader election or metrics, as before those existed. */
    public OperatorConfig(String namespace, int workers, int createBurst, Clock clock) {
        this(namespace, workers, createBurst, clock, null, OperatorMetrics.NONE, Expectations.DEFAULT_SETTLE);
    }

    public static OperatorConfig defaults() {
        return new OperatorConfig(null, DEFAULT_WORKERS, DEFAULT_BURST, Clock.systemUTC());
    }

    public OperatorConfig withNamespace(String ns) {
        return new OperatorConfig(ns, workers, createBurst, clock, leaderElection, metrics, writeSettle);
    }

    public OperatorConfig withWorkers(int n) {
        return new OperatorConfig(namespace, n, createBurst, clock, leaderElection, metrics, writeSettle);
    }

    public OperatorConfig withLeaderElection(LeaderElectionSettings settings) {
        return new OperatorConfig(namespace, workers, createBurst, clock, settings, metrics, writeSettle);
    }

    public OperatorConfig withMetrics(OperatorMetrics m) {
        return new OperatorConfig(namespace, workers, createBurst, clock, leaderElection, m, writeSettle);
    }

    public OperatorConfig withWriteSettle(Duration settle) {
        return new OperatorConfig(namespace, workers, createBurst, clock, leaderElection, metrics, settle);
    }
}
