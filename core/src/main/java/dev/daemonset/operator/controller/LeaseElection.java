package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Competes for the leader Lease with fabric8's {@code LeaderElector} for as long as it is open. A
 * fabric8 elector ends for good when its leader stops renewing, so after losing the lease this
 * starts a fresh one and the instance stands by again instead of sitting idle until restarted.
 *
 * <p>{@code onStartLeading} and {@code onStopLeading} run on the elector's thread; the elector may
 * report a loss more than once, so they must be idempotent.
 *
 * <p>An API server outage ends a leader's round at its renew deadline; the next round keeps trying to
 * read the Lease every retry period for as long as the outage lasts, and takes the lease again once
 * the server answers and the lease is free (at once, if the Lease still names this instance).
 */
final class LeaseElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

    private final KubernetesClient client;
    private final LeaderElectionSettings settings;
    private final RenewalFence fence;
    private final Runnable onStartLeading;
    private final Runnable onStopLeading;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object lock = new Object();
    private boolean closed;
    private CompletableFuture<?> round;
    /** The holder the Lease named when last read, null before the first read or when it named nobody. */
    private volatile String observedLeader;
    /** Why no round runs any more, or null while this instance competes. */
    private volatile Throwable stoppedBy;

    private LeaseElection(
            KubernetesClient client,
            LeaderElectionSettings settings,
            RenewalFence fence,
            Runnable onStartLeading,
            Runnable onStopLeading) {
        this.client = leaseClient(client, settings);
        this.settings = settings;
        this.fence = fence;
        this.onStartLeading = onStartLeading;
        this.onStopLeading = onStopLeading;
    }

    static LeaseElection start(
            KubernetesClient client,
            LeaderElectionSettings settings,
            RenewalFence fence,
            Runnable onStartLeading,
            Runnable onStopLeading) {
        LeaseElection election = new LeaseElection(client, settings, fence, onStartLeading, onStopLeading);
        LOG.info(
                "standing by for lease {}/{} as {}",
                settings.leaseNamespace(),
                settings.leaseName(),
                settings.identity());
        election.nextRound();
        return election;
    }

    private void nextRound() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                round = client.leaderElector()
                        .withConfig(electionConfig())
                        .build()
                        .start();
            } catch (RuntimeException | Error e) {
                stoppedBy = e;
                LOG.error(
                        "cannot compete for lease {}/{} any more", settings.leaseNamespace(), settings.leaseName(), e);
                throw e;
            }
            round.whenComplete((ignored, error) -> {
                stoppedLeading();
                synchronized (lock) {
                    if (closed || stoppedBy != null) {
                        return;
                    }
                }
                if (error != null) {
                    LOG.warn("leader election round ended with an error; competing again: {}", error.getMessage());
                }
                nextRound();
            });
        }
    }

    /**
     * Lease requests fail fast: no retries by the HTTP layer (a retried renewal blocked the elector for
     * about 19 s, longer than the lease) and {@link LeaderElectionSettings#leaseRequestTimeout}, so the
     * elector makes several attempts before its deadline. The HTTP client, and with it the interceptors, is
     * shared.
     */
    static KubernetesClient leaseClient(KubernetesClient client, LeaderElectionSettings settings) {
        RequestConfig requestConfig = new RequestConfigBuilder(
                        client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout((int) settings.leaseRequestTimeout().toMillis())
                .build();
        return client.newClient(requestConfig).adapt(KubernetesClient.class);
    }

    private LeaderElectionConfig electionConfig() {
        return new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new RenewalObservingLock(
                        new LeaseLock(settings.leaseNamespace(), settings.leaseName(), settings.identity()), fence))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
                .build();
    }

    private void startedLeading() {
        if (leading.compareAndSet(false, true)) {
            LOG.info("acquired lease {}/{}: now leading", settings.leaseNamespace(), settings.leaseName());
            guard("starting the leader term", onStartLeading);
        }
    }

    private void stoppedLeading() {
        if (leading.compareAndSet(true, false)) {
            boolean closing;
            synchronized (lock) {
                closing = closed;
            }
            if (closing) {
                LOG.info("released lease {}/{}", settings.leaseNamespace(), settings.leaseName());
            } else {
                LOG.warn(
                        "lost lease {}/{}: stopped writing, standing by",
                        settings.leaseNamespace(),
                        settings.leaseName());
            }
            guard("stopping the leader term", onStopLeading);
        }
    }

    /**
     * Runs a callback on the elector's thread, where an exception would end the round without
     * completing it and leave this instance silently out of the election: instead it is recorded for
     * {@link #stoppedBy} (the process is restarted, its state being unknown) and no further round starts.
     */
    private void guard(String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            stoppedBy = e;
            LOG.error(
                    "{} failed; not competing for lease {}/{} any more",
                    what,
                    settings.leaseNamespace(),
                    settings.leaseName(),
                    e);
        }
    }

    private void newLeader(String identity) {
        observedLeader = identity == null || identity.isEmpty() ? null : identity;
        if (identity != null && !identity.equals(settings.identity())) {
            LOG.info("the leader is now {}", identity);
        }
    }

    boolean isLeading() {
        return leading.get();
    }

    /** The holder the Lease named when this instance last read or wrote it; null if none yet. */
    String observedLeader() {
        return observedLeader;
    }

    /** Why this instance stopped competing for the lease, or null while it competes (or was closed). */
    Throwable stoppedBy() {
        return stoppedBy;
    }

    /** Stops competing and releases the lease if held; call after this instance stopped writing. */
    @Override
    public void close() {
        CompletableFuture<?> last;
        synchronized (lock) {
            closed = true;
            last = round;
        }
        if (last != null) {
            last.cancel(true);
        }
    }
}
