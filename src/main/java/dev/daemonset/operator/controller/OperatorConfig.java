package dev.daemonset.operator.controller;

import java.time.Clock;

/**
 * How one operator instance runs.
 *
 * @param namespace the namespace to watch, or {@code null} for all namespaces
 * @param workers how many DaemonSets are synced at once
 * @param createBurst the most pod creates (and deletes) one sync may issue
 */
public record OperatorConfig(String namespace, int workers, int createBurst, Clock clock) {
  public static final int DEFAULT_WORKERS = 4;
  public static final int DEFAULT_BURST = 250;

  public static OperatorConfig defaults() {
    return new OperatorConfig(null, DEFAULT_WORKERS, DEFAULT_BURST, Clock.systemUTC());
  }

  public OperatorConfig withNamespace(String ns) {
    return new OperatorConfig(ns, workers, createBurst, clock);
  }

  public OperatorConfig withWorkers(int n) {
    return new OperatorConfig(namespace, n, createBurst, clock);
  }
}
