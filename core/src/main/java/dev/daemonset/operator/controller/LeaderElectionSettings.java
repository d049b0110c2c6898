package dev.daemonset.operator.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * The coordination.k8s.io Lease replicas compete for, and its timing. A leader that cannot renew
 * for {@code renewDeadline} stops writing; a standby takes over once the lease has not been renewed
 * for {@code leaseDuration}. Because the deadline is shorter than the duration, the old leader has
 * stopped before a new one can start.
 *
 * <p>A write let through just before the leader stopped may still be under way, so writes get a
 * timeout that ends them before the lease can pass on: {@link #writeTimeout}.
 */
public record LeaderElectionSettings(
        String leaseNamespace,
        String leaseName,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {
    /** client-go's defaults. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
    public static final String DEFAULT_LEASE_NAME = "daemonset-operator";
    /** The shortest write timeout the timing may leave; shorter, healthy writes would time out. */
    static final Duration MIN_WRITE_TIMEOUT = Duration.ofMillis(500);
    /**
     * fabric8 gives up on a request only after its timeout plus the shorter of that timeout and this
     * ({@code StandardHttpClient}'s additional request timeout), so a timeout of T ends a write within
     * T + min(T, 5 s).
     */
    static final Duration CLIENT_GRACE_CAP = Duration.ofSeconds(5);

    public LeaderElectionSettings {
        requireNonBlank(leaseNamespace, "lease namespace");
        requireNonBlank(leaseName, "lease name");
        requireNonBlank(identity, "identity");
        checkTiming(leaseDuration, renewDeadline, retryPeriod);
    }

    /** Throws if the leader could still be writing when a standby may take over. */
    public static void checkTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("the retry period must be positive, got " + retryPeriod);
        }
        if (renewDeadline.compareTo(retryPeriod) <= 0) {
            throw new IllegalArgumentException("the renew deadline (" + renewDeadline
                    + ") must be longer than the retry period (" + retryPeriod + ")");
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("the lease duration (" + leaseDuration
                    + ") must be longer than the renew deadline (" + renewDeadline + ")");
        }
        if (writeTimeout(leaseDuration, renewDeadline).compareTo(MIN_WRITE_TIMEOUT) < 0) {
            throw new IllegalArgumentException(
                    "the lease duration (" + leaseDuration + ") must exceed the renew deadline ("
                            + renewDeadline + ") by at least "
                            + MIN_WRITE_TIMEOUT.multipliedBy(2).toMillis()
                            + " ms: a write started just before the leader stops must end before the lease can pass on");
        }
    }

    /**
     * The request timeout of every write of a leader. The fence lets a write start until
     * {@code renewDeadline - retryPeriod} after the last renewal was sent; a standby can take the lease
     * no sooner than {@code leaseDuration} after it. A write started at the last moment must end (as far
     * as this process can tell) before then, with one retry period to spare:
     * T + min(T, 5 s) &le; leaseDuration - renewDeadline. With client-go's timing (15 s, 10 s, 2 s) that
     * is 2.5 s; a longer lease duration gives writes longer.
     */
    public Duration writeTimeout() {
        return writeTimeout(leaseDuration, renewDeadline);
    }

    static Duration writeTimeout(Duration leaseDuration, Duration renewDeadline) {
        Duration budget = leaseDuration.minus(renewDeadline);
        return budget.compareTo(CLIENT_GRACE_CAP.multipliedBy(2)) <= 0
                ? budget.dividedBy(2)
                : budget.minus(CLIENT_GRACE_CAP);
    }

    public static LeaderElectionSettings of(String leaseNamespace, String leaseName, String identity) {
        return new LeaderElectionSettings(
                leaseNamespace,
                leaseName,
                identity,
                DEFAULT_LEASE_DURATION,
                DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD);
    }

    /**
     * How long one lease request may take: a third of the renew deadline, so that the elector makes several
     * attempts before its deadline even when each of them hangs.
     */
    public Duration leaseRequestTimeout() {
        return renewDeadline.dividedBy(3);
    }

    public LeaderElectionSettings withTiming(Duration lease, Duration renew, Duration retry) {
        return new LeaderElectionSettings(leaseNamespace, leaseName, identity, lease, renew, retry);
    }

    private static void requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " for leader election must not be empty");
        }
    }
}
