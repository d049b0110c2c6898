package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running operator: informers, and while it leads, a queue and workers. Close it to stop them all.
 *
 * <p>The informers run from the start on every replica, so a standby's caches are warm when it
 * takes over. Only a {@link LeaderTerm} syncs and writes; without leader election the operator
 * leads from the start until it is closed.
 *
 * <p>Start-up waits for the API server for as long as it takes: the informers retry with backoff, a
 * line is logged every {@link Startup#STARTUP_LOG_PERIOD} while they have not all listed, and the rest
 * (housekeeping, then leader election or the workers) starts once they have. Later outages are ridden
 * out the same way: the caches keep what they last saw, the informers resume or relist, the leader
 * stops writing at its renew deadline and competes again.
 *
 * <p>{@link #livenessProblems} reports what only a restart can mend (a stuck or dead worker, a dead
 * timer task, an elector that stopped competing), never the API server's health.
 */
public final class Operator implements AutoCloseable {
    /**
     * Pod writes in flight at once across all DaemonSets; slow-start batches are bounded by it too. 32: the
     * benchmark's API server created pods fastest with 32 requests in flight from one client (16 took 1.16 times
     * as long), so at 16 the operator could not converge as fast as the server allows. Upstream's controller
     * sends up to its burst of 250 at once, limited only by the client's rate limiter.
     */
    public static final int WRITE_PARALLELISM = 32;
    /** How long pod events that only change counters may wait, so that a burst of them costs one sync. */
    static final Duration COALESCE = Duration.ofMillis(50);
    /**
     * A shorter gap in the informers' watches is not reported as an outage (log line, readiness text):
     * watches are reopened every few minutes in normal operation.
     */
    public static final Duration OUTAGE_REPORTED_AFTER = Duration.ofSeconds(10);

    private final OperatorComponents components;
    private final Leadership leadership;
    private final Startup startup;

    private Operator(KubernetesClient client, OperatorConfig config) {
        this.components = new OperatorComponents(client, config, this::currentTerm);
        this.leadership = new Leadership(components);
        this.startup = new Startup(components, leadership);
    }

    /**
     * Starts informers and returns once the caches are synced, however long the API server takes to
     * answer. Without leader election the workers are running too; with it they start when this instance
     * takes the lease.
     *
     * @throws IllegalStateException if interrupted while waiting (the operator is closed then)
     */
    public static Operator start(KubernetesClient client, OperatorConfig config) {
        Operator operator = launch(client, config);
        try {
            operator.awaitStarted();
            return operator;
        } catch (InterruptedException e) {
            operator.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the caches to sync", e);
        }
    }

    /**
     * Starts informers and returns at once; the caches sync, and leader election or the workers start,
     * in the background whenever the API server answers ({@link #hasSynced}, {@link #awaitStarted}).
     * Closing the operator ends the wait.
     */
    public static Operator launch(KubernetesClient client, OperatorConfig config) {
        Operator operator = new Operator(client, config);
        try {
            operator.startup.begin();
            return operator;
        } catch (RuntimeException e) {
            operator.close();
            throw new IllegalStateException("operator failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the caches have synced and leader election (or leading) has started.
     *
     * @throws IllegalStateException if the operator was closed first, or start-up failed after the sync
     */
    public void awaitStarted() throws InterruptedException {
        startup.await();
    }

    /** Null while this instance does not lead; housekeeping asks. */
    private LeaderTerm currentTerm() {
        return leadership.current();
    }

    /** Queues every known DaemonSet, as a periodic resync does. Does nothing on a standby. */
    public void resyncAll() {
        leadership.resyncAll();
    }

    /** Queues one DaemonSet, as a periodic resync would. Does nothing on a standby. */
    public void resync(DaemonSetKey key) {
        leadership.enqueue(key);
    }

    /**
     * What keeps this process from doing its work that only a restart can mend; empty when nothing
     * does. Never about the API server: an outage of any length leaves this empty.
     */
    public List<String> livenessProblems() {
        if (leadership.isClosed()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>(startup.problems());
        problems.addAll(leadership.problems());
        return problems;
    }

    public boolean hasSynced() {
        return components.cache.hasSynced();
    }

    /**
     * Null once the caches have synced; until then, what start-up is waiting for, for how long, and the
     * last error the informers met.
     */
    public String startupWait() {
        return components.connection.startupWait();
    }

    /**
     * How long at least one informer has had no watch open on the API server, zero while all have. A few
     * seconds now and then are normal: watches are reopened every few minutes.
     */
    public Duration disconnectedFor() {
        return components.connection.disconnectedFor();
    }

    /** Whether this instance holds the lease (always, without leader election, until closed). */
    public boolean isLeading() {
        return leadership.current() != null;
    }

    /** Whether this instance competes for a Lease (false: it leads alone). */
    public boolean electsLeader() {
        return components.config.leaderElection() != null;
    }

    /** This instance's identity in the Lease; null without leader election. */
    public String identity() {
        return components.config.leaderElection() == null
                ? null
                : components.config.leaderElection().identity();
    }

    /** The holder the Lease named when this instance last read it; null before that or without leader election. */
    public String observedLeader() {
        LeaseElection e = leadership.election();
        return e == null ? null : e.observedLeader();
    }

    public int queueDepth() {
        LeaderTerm t = leadership.current();
        return t == null ? 0 : t.queue().len();
    }

    /** Nothing queued and nothing being synced (delayed re-adds may still be pending); a standby is idle. */
    public boolean isIdle() {
        LeaderTerm t = leadership.current();
        return t == null || (t.queue().len() == 0 && t.queue().inFlight() == 0);
    }

    /** Syncs started so far, over every term. */
    public long syncCount() {
        return leadership.syncCount();
    }

    /**
     * Stops writing first, waits for the writes already under way, then releases the lease (so the next
     * leader cannot overlap with this one), then stops the informers.
     *
     * <p>Each step is bounded, so that this ends within the Deployment's 30 s termination grace period
     * even when the API server answers nothing: with client-go's lease timing, the workers' current
     * writes and the writes in the background end within 5 s each (2.5 s timeout, fabric8's equal grace),
     * events within 2 s, the lease release within 6.7 s (its 3.3 s timeout and grace): about 21 s.
     */
    @Override
    public void close() {
        leadership.refuseNewTerms();
        startup.abandon();
        leadership.end();
        startup.stopTimers();
        components.close();
    }

    /**
     * Entries in each per-DaemonSet and per-node holder of this instance, by name (see
     * docs/operations.md); also served as {@code dds_state_entries}. Back at their baseline once the
     * DaemonSets and nodes they were about are gone.
     */
    public Map<String, Integer> stateSizes() {
        return components.housekeeping.sizes();
    }
}
