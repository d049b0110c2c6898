package dev.daemonset.operator.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * The coordination.k8s.io Lease replicas compete for, and its timing. A leader that cannot renew
 * for {@code renewDeadline} stops writing; a standby takes over once the lease has not been renewed
 * for {@code leaseDuration}. Because the deadline is shorter than the duration, the old leader has
 * stopped before a new one can start.
 */
public record LeaderElectionSettings(String leaseNamespace, String leaseName, String identity,
    Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
  /** client-go's defaults. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
  public static final String DEFAULT_LEASE_NAME = "daemonset-operator";

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
  }

  public static LeaderElectionSettings of(String leaseNamespace, String leaseName, String identity) {
    return new LeaderElectionSettings(leaseNamespace, leaseName, identity, DEFAULT_LEASE_DURATION,
        DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD);
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
