package dev.daemonset.operator.cli;

import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.health.HealthServer;
import dev.daemonset.operator.metrics.MetricsServer;
import dev.daemonset.operator.metrics.PrometheusMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as a process runs it: health endpoints first (so the kubelet sees a live, not yet
 * ready, process while the caches fill), then metrics and the operator. {@link #close} undoes it in
 * reverse: stop writing and release the lease, then stop serving.
 */
final class OperatorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);

  private volatile HealthServer health;
  private volatile MetricsServer metrics;
  private volatile Operator operator;

  private OperatorProcess() {}

  /**
   * @param metricsPort where to serve /metrics; 0 turns the server off
   * @param healthPort where to serve /healthz and /readyz; 0 turns the server off
   */
  static OperatorProcess start(KubernetesClient client, OperatorConfig config, int metricsPort, int healthPort) {
    return start(client, config, Ports.fixed(metricsPort), Ports.fixed(healthPort));
  }

  /** As {@link #start(KubernetesClient, OperatorConfig, int, int)}, with ports that may be picked freely. */
  static OperatorProcess start(KubernetesClient client, OperatorConfig config, Ports metricsPort, Ports healthPort) {
    OperatorProcess process = new OperatorProcess();
    try {
      PrometheusMetrics prometheus = PrometheusMetrics.withJvmMetrics();
      if (healthPort.enabled()) {
        process.health = HealthServer.start(healthPort.bind(), process::liveness, process::readiness);
        LOG.info("serving /healthz and /readyz on port {}", process.health.port());
      }
      if (metricsPort.enabled()) {
        process.metrics = MetricsServer.start(metricsPort.bind(), prometheus.registry());
        LOG.info("serving /metrics on port {}", process.metrics.port());
      }
      process.operator = Operator.start(client, config.withMetrics(prometheus));
      return process;
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  private String liveness() {
    Operator op = operator;
    if (op == null) {
      return null; // still syncing caches: alive, not ready
    }
    return op.isHealthy() ? null : "informers are not watching the API server";
  }

  private String readiness() {
    Operator op = operator;
    if (op == null || !op.hasSynced()) {
      return "informer caches are not synced yet";
    }
    return null; // leader or standby: both are doing their job
  }

  Operator operator() {
    return operator;
  }

  /** The port /metrics is served on, or -1 when off. */
  int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** The port /healthz and /readyz are served on, or -1 when off. */
  int healthPort() {
    return health == null ? -1 : health.port();
  }

  @Override
  public void close() {
    Operator op = operator;
    if (op != null) {
      op.close();
    }
    closeQuietly(metrics);
    closeQuietly(health);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("while closing {}: {}", c, e.toString());
    }
  }

  /** A listening port: a number, "off" (0 on the command line), or any free port (tests). */
  record Ports(int bind, boolean enabled) {
    static Ports fixed(int port) {
      return new Ports(port, port != 0);
    }

    static Ports anyFree() {
      return new Ports(0, true);
    }
  }
}
