package dev.daemonset.operator.testing;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An existing cluster, reached through a kubeconfig: kind, a cloud cluster, or a sandbox started on its own.
 * The tests create and delete their own namespaces and label nodes with {@code daemonset-} labels they take
 * off again; they never delete nodes or anything they did not create.
 */
final class KubeconfigCluster implements ClusterUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger(KubeconfigCluster.class);
    /** Upstream's dsRetryTimeout: image pulls and probes take their time on a real cluster. */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private static final Duration CRD_ESTABLISHED_WITHIN = Duration.ofSeconds(60);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);
    /** The namespace and Deployment {@code deploy/} installs the operator as. */
    private static final String INSTALLED_NAMESPACE = "daemonset-operator";

    private static final String INSTALLED_DEPLOYMENT = "daemonset-operator";

    /** Where the operator under test comes from. */
    enum OperatorSource {
        /** {@code run} from this build, a process of its own against the cluster, started by the tests. */
        PROCESS,
        /** The one {@code kubectl apply -f crds/ -f deploy/} installed in the cluster. */
        INSTALLED;

        static OperatorSource named(String name) {
            if (name.isEmpty()) {
                return PROCESS;
            }
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "-D" + OPERATOR_PROPERTY + "=" + name + ": expected process or installed", e);
            }
        }
    }

    private final Path kubeconfig;
    private final KubernetesClient client;
    private final OperatorProcess operator;

    private KubeconfigCluster(Path kubeconfig, KubernetesClient client, OperatorProcess operator) {
        this.kubeconfig = kubeconfig;
        this.client = client;
        this.operator = operator;
    }

    /** Connects to the cluster and makes sure the operator runs on it (starting it for {@link OperatorSource#PROCESS}). */
    static KubeconfigCluster connect(Path kubeconfig, OperatorSource source) {
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IllegalArgumentException("-D" + KUBECONFIG_PROPERTY + "=" + kubeconfig + ": no such file");
        }
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
                .build();
        try {
            return switch (source) {
                case INSTALLED -> withInstalledOperator(kubeconfig, client);
                case PROCESS -> withOperatorProcess(kubeconfig, client);
            };
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static KubeconfigCluster withInstalledOperator(Path kubeconfig, KubernetesClient client) {
        if (!installedOperatorIsReady(client) || crd(client) == null) {
            throw new IllegalStateException("-D" + OPERATOR_PROPERTY + "=installed, but " + kubeconfig
                    + " leads to no CRD " + DaemonSet.CRD_NAME + " or no ready Deployment " + INSTALLED_NAMESPACE
                    + "/" + INSTALLED_DEPLOYMENT + ": kubectl apply -f crds/ -f deploy/");
        }
        LOG.info("end-to-end tests against {} with the operator installed there", client.getMasterUrl());
        return new KubeconfigCluster(kubeconfig, client, null);
    }

    private static KubeconfigCluster withOperatorProcess(Path kubeconfig, KubernetesClient client) {
        if (installedOperatorIsReady(client)) {
            throw new IllegalStateException("an operator is installed in the cluster of " + kubeconfig
                    + "; a second one started by the tests would fight it: use -D" + OPERATOR_PROPERTY + "=installed");
        }
        try {
            installCrdIfMissing(client);
            Path logDir = Files.createTempDirectory("e2e-operator-");
            OperatorProcess operator = OperatorProcess.start(kubeconfig, logDir, "--leader-elect=false");
            LOG.info(
                    "end-to-end tests against {} with the operator started from this build (pid {}, log in {})",
                    client.getMasterUrl(),
                    operator.pid(),
                    logDir);
            return new KubeconfigCluster(kubeconfig, client, operator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public Duration patience() {
        return PATIENCE;
    }

    /** Runs {@code probeBreaker} in the pod's first container, as upstream's {@code kubectl exec} does. */
    @Override
    public void failReadinessProbe(Pod pod, String... probeBreaker) {
        String name = pod.getMetadata().getName();
        String command = String.join(" ", probeBreaker);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer exitCode;
        try (ExecWatch exec = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(name)
                .inContainer(pod.getSpec().getContainers().get(0).getName())
                .writingError(err)
                .exec(probeBreaker)) {
            exitCode = exec.exitCode().get(EXEC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException | ExecutionException | TimeoutException e) {
            throw new KubernetesClientException(
                    "could not run '" + command + "' in pod " + name + ": " + rootCause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted running '" + command + "' in pod " + name, e);
        }
        if (exitCode == null || exitCode != 0) {
            throw new KubernetesClientException("'" + command + "' in pod " + name + " exited with " + exitCode + ": "
                    + err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        client.close();
    }

    @Override
    public String toString() {
        return "the cluster at " + client.getMasterUrl() + " (" + kubeconfig + ")";
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static boolean installedOperatorIsReady(KubernetesClient client) {
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(INSTALLED_NAMESPACE)
                .withName(INSTALLED_DEPLOYMENT)
                .get();
        return deployment != null
                && deployment.getStatus() != null
                && deployment.getStatus().getReadyReplicas() != null
                && deployment.getStatus().getReadyReplicas() > 0;
    }

    private static CustomResourceDefinition crd(KubernetesClient client) {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(DaemonSet.CRD_NAME)
                .get();
    }

    /** Creates the CRD this build generated, as {@code kubectl apply -f crds/} would, unless the cluster has one. */
    private static void installCrdIfMissing(KubernetesClient client) throws IOException {
        if (crd(client) != null) {
            return;
        }
        try (InputStream in = Sandbox.class.getResourceAsStream(Sandbox.CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + Sandbox.CRD_RESOURCE + " not on the classpath");
            }
            CustomResourceDefinition crd =
                    client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            LOG.info("installing the CRD {}", DaemonSet.CRD_NAME);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .create();
        }
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(DaemonSet.CRD_NAME)
                .waitUntilCondition(
                        KubeconfigCluster::isEstablished, CRD_ESTABLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    private static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
