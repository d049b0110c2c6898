package dev.daemonset.operator.cli;

import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.health.JvmHealth;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the operator against a cluster (in-cluster config, --kubeconfig, or KUBECONFIG).",
            "Every option can also be set through the environment variable named in its description."
        },
        footer = {"", "SIGTERM stops writing, releases the leader lease, then exits."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    KubeconfigOption kube;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    NamespaceScope scope;

    static final class NamespaceScope {
        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "NS",
                description = "Watch only this namespace (env DDS_NAMESPACE; default: all namespaces).")
        String namespace;

        @Option(
                names = {"-A", "--all-namespaces"},
                description = "Watch every namespace (the default).")
        boolean allNamespaces;
    }

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "${env:DDS_WORKERS:-4}",
            description = "DaemonSets synced in parallel (env DDS_WORKERS; default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--leader-elect",
            negatable = true,
            defaultValue = "${env:DDS_LEADER_ELECT:-true}",
            fallbackValue = "true",
            description =
                    "Take a coordination.k8s.io Lease so that only one replica writes "
                            + "(env DDS_LEADER_ELECT; default: ${DEFAULT-VALUE}, as kube-controller-manager; --leader-elect=false opts out).")
    boolean leaderElect;

    @Option(
            names = "--lease-name",
            paramLabel = "NAME",
            defaultValue = "${env:DDS_LEASE_NAME:-" + LeaderElectionSettings.DEFAULT_LEASE_NAME + "}",
            description = "Name of the leader Lease (env DDS_LEASE_NAME; default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(
            names = "--lease-namespace",
            paramLabel = "NS",
            defaultValue = "${env:DDS_LEASE_NAMESPACE}",
            description = "Namespace of the leader Lease (env DDS_LEASE_NAMESPACE; default: the pod's namespace "
                    + "from POD_NAMESPACE or the service account, else the kubeconfig's namespace).")
    String leaseNamespace;

    @Option(
            names = "--lease-duration-seconds",
            paramLabel = "S",
            defaultValue = "${env:DDS_LEASE_DURATION_SECONDS:-15}",
            description = "How long a standby waits after the last renewal before taking over "
                    + "(env DDS_LEASE_DURATION_SECONDS; default: ${DEFAULT-VALUE}).")
    int leaseDurationSeconds;

    @Option(
            names = "--renew-deadline-seconds",
            paramLabel = "S",
            defaultValue = "${env:DDS_RENEW_DEADLINE_SECONDS:-10}",
            description = "How long the leader keeps trying to renew before it stops writing "
                    + "(env DDS_RENEW_DEADLINE_SECONDS; default: ${DEFAULT-VALUE}).")
    int renewDeadlineSeconds;

    @Option(
            names = "--retry-period-seconds",
            paramLabel = "S",
            defaultValue = "${env:DDS_RETRY_PERIOD_SECONDS:-2}",
            description = "How often to renew or try to acquire the lease "
                    + "(env DDS_RETRY_PERIOD_SECONDS; default: ${DEFAULT-VALUE}).")
    int retryPeriodSeconds;

    @Option(
            names = "--metrics-port",
            paramLabel = "P",
            defaultValue = "${env:DDS_METRICS_PORT:-8080}",
            description =
                    "Port for Prometheus /metrics; 0 turns it off (env DDS_METRICS_PORT; default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
            names = "--health-port",
            paramLabel = "P",
            defaultValue = "${env:DDS_HEALTH_PORT:-8081}",
            description =
                    "Port for /healthz and /readyz; 0 turns it off (env DDS_HEALTH_PORT; default: ${DEFAULT-VALUE}).")
    int healthPort;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "${env:DDS_LOG_FORMAT:-text}",
            description = "text or json (env DDS_LOG_FORMAT; default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    /** Counted down by the shutdown hook; tests count it down themselves. */
    final CountDownLatch stopRequested = new CountDownLatch(1);
    /** The process environment, where DDS_NAMESPACE is read; tests substitute a pod's. */
    Function<String, String> environment = System::getenv;
    /** Whether to stop on SIGTERM through a JVM shutdown hook; off in tests, which stop through the latch. */
    boolean installShutdownHook = true;

    /**
     * Installs the shutdown hook before anything else, so that a stop request at any point (the operator
     * may wait minutes for the API server) ends the process cleanly: the operator's start does not block,
     * and this thread only waits for the stop.
     */
    @Override
    public Integer call() throws InterruptedException {
        validate();
        logFormat.apply();
        JvmHealth.recordFatalErrors();
        CountDownLatch stopped = new CountDownLatch(1);
        if (installShutdownHook) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stopRequested.countDown();
                                awaitQuietly(stopped);
                            },
                            "dds-shutdown"));
        }
        try (KubernetesClient client = kube.operatorClient()) {
            OperatorConfig config = operatorConfig(client, PodEnvironment.current());
            OperatorProcess process = OperatorProcess.start(client, config, metricsPort, healthPort);
            LOG.info(
                    "operator running against {} ({}, leader election {})",
                    client.getMasterUrl(),
                    config.namespace() == null ? "all namespaces" : "namespace " + config.namespace(),
                    leaderElect ? "on" : "off");
            try {
                stopRequested.await();
            } finally {
                LOG.info("shutting down");
                process.close();
                LOG.info("stopped");
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    void validate() {
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        requirePort("--metrics-port", metricsPort);
        requirePort("--health-port", healthPort);
        if (metricsPort != 0 && metricsPort == healthPort) {
            throw new ParameterException(
                    spec.commandLine(), "--metrics-port and --health-port must differ, both are " + metricsPort);
        }
        if (leaderElect) {
            try {
                LeaderElectionSettings.checkTiming(leaseDuration(), renewDeadline(), retryPeriod());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    private void requirePort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), option + " must be between 0 (off) and 65535, got " + port);
        }
    }

    private Duration leaseDuration() {
        return Duration.ofSeconds(leaseDurationSeconds);
    }

    private Duration renewDeadline() {
        return Duration.ofSeconds(renewDeadlineSeconds);
    }

    private Duration retryPeriod() {
        return Duration.ofSeconds(retryPeriodSeconds);
    }

    OperatorConfig operatorConfig(KubernetesClient client, PodEnvironment pod) {
        OperatorConfig config =
                OperatorConfig.defaults().withNamespace(watchedNamespace()).withWorkers(workers);
        if (!leaderElect) {
            return config;
        }
        String fallbackNamespace = client.getNamespace() == null ? "default" : client.getNamespace();
        String ns = blankToNull(leaseNamespace) != null ? leaseNamespace : pod.namespace(fallbackNamespace);
        return config.withLeaderElection(new LeaderElectionSettings(
                ns, leaseName, pod.identity(), leaseDuration(), renewDeadline(), retryPeriod()));
    }

    /** -n wins, then -A, then DDS_NAMESPACE; null means every namespace. */
    String watchedNamespace() {
        if (scope != null) {
            return scope.allNamespaces ? null : blankToNull(scope.namespace);
        }
        return blankToNull(environment.apply("DDS_NAMESPACE"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
