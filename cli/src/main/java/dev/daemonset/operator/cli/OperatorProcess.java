package dev.daemonset.operator.cli;

import dev.daemonset.operator.controller.Elapsed;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.health.HealthServer;
import dev.daemonset.operator.health.JvmHealth;
import dev.daemonset.operator.health.Probe;
import dev.daemonset.operator.metrics.MetricsServer;
import dev.daemonset.operator.metrics.PrometheusMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as a process runs it: health endpoints first (so the kubelet sees a live, not yet
 * ready, process while the caches fill), then metrics and the operator, which waits for the API server
 * in the background for as long as it takes. {@link #close} undoes it in reverse: stop writing and
 * release the lease, then stop serving.
 *
 * <p>{@code /healthz} is about this process only: a stuck or dead worker, a dead timer, housekeeping
 * task or elector, a fatal JVM error or a deadlock. It never looks at the API server, so an outage of
 * any length does not get the process restarted, which would only throw its caches away.
 *
 * <p>{@code /readyz} fails until the caches have synced once (saying what start-up waits for) and while
 * shutting down. After that it stays ready, leader or standby: a standby that is never ready would stall
 * every rollout of the operator's own Deployment. During an API server outage it stays ready too and
 * says so in its answer: both replicas would fail together, which helps nobody and would take them out
 * of the metrics Service just when their numbers are wanted.
 */
final class OperatorProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);

    private final JvmHealth jvm = new JvmHealth();
    private volatile HealthServer health;
    private volatile MetricsServer metrics;
    private volatile Operator operator;
    private volatile boolean closing;

    private OperatorProcess() {}

    /**
     * Returns once the endpoints are served and the informers started, without waiting for the API server.
     *
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
            process.operator = Operator.launch(client, config.withMetrics(prometheus));
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    Probe.Answer liveness() {
        List<String> problems = new ArrayList<>(jvm.problems());
        Operator op = operator;
        if (op != null) {
            problems.addAll(op.livenessProblems());
        }
        return problems.isEmpty() ? Probe.Answer.ok() : Probe.Answer.failing(String.join("; ", problems));
    }

    Probe.Answer readiness() {
        Operator op = operator;
        if (closing) {
            return Probe.Answer.failing("shutting down");
        }
        if (op == null) {
            return Probe.Answer.failing("starting");
        }
        String waiting = op.startupWait();
        if (waiting != null) {
            return Probe.Answer.failing(waiting);
        }
        String role = role(op);
        Duration down = op.disconnectedFor();
        if (down.compareTo(Operator.OUTAGE_REPORTED_AFTER) >= 0) {
            role += ", but the API server has not answered for " + Elapsed.format(down);
        }
        return Probe.Answer.ok(role);
    }

    private static String role(Operator op) {
        if (op.isLeading()) {
            return "leading";
        }
        if (!op.electsLeader()) {
            return "starting to lead";
        }
        String leader = op.observedLeader();
        if (leader == null) {
            return "standing by (no leader seen yet)";
        }
        if (leader.equals(op.identity())) {
            return "standing by (lost the lease, competing for it again)";
        }
        return "standing by (leader is " + leader + ")";
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
        closing = true;
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
