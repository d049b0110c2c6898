package dev.daemonset.operator.controller;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a leader may still write: only until {@code renew deadline - margin} after the start of its last
 * successful lease renewal, measured on this process's monotonic clock. Not the holder's timestamp in
 * the Lease: the clocks of two replicas may disagree, and a standby counts the lease duration on its own
 * clock from when it saw the last renewal, which is no earlier than when this one sent it. With the
 * deadline shorter than the lease duration, this instance has stopped before anyone else may start.
 */
final class RenewalFence {
    private final LongSupplier nanoTime;
    private final long windowNanos;
    private volatile long renewalStartedAt;
    private volatile boolean renewed;

    RenewalFence(Duration renewDeadline, Duration margin, LongSupplier nanoTime) {
        if (margin.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("the fence margin (" + margin
                    + ") must be shorter than the renew deadline (" + renewDeadline + ")");
        }
        this.nanoTime = nanoTime;
        this.windowNanos = renewDeadline.minus(margin).toNanos();
    }

    /** For the timing leader election runs with: the margin is one retry period. */
    static RenewalFence of(LeaderElectionSettings settings) {
        return new RenewalFence(settings.renewDeadline(), settings.retryPeriod(), System::nanoTime);
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /** A renewal (or acquisition) that was sent at {@code startedAt} ({@link #now}) succeeded. */
    synchronized void renewed(long startedAt) {
        if (!renewed || startedAt - renewalStartedAt > 0) {
            renewalStartedAt = startedAt;
            renewed = true;
        }
    }

    public boolean allowsWrites() {
        return renewed && nanoTime.getAsLong() - renewalStartedAt < windowNanos;
    }
}
