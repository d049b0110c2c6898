package dev.daemonset.operator.testing;

import dev.daemonset.operator.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cluster an end-to-end test runs against, with the operator running on it: by default an in-process
 * sandbox ({@link SandboxCluster}); with {@code -De2e.kubeconfig=FILE} the cluster that kubeconfig points at
 * ({@link KubeconfigCluster}), whose operator {@code -De2e.operator} names: {@code process} (the default)
 * starts {@code run} from this build against it, {@code installed} expects the one {@code kubectl apply -f
 * crds/ -f deploy/} installed.
 *
 * <p>A test asks the cluster, not the sandbox, for what differs between the two: how long pods may take
 * ({@link #patience()}) and how to make a pod unready ({@link #failReadinessProbe}).
 */
public interface ClusterUnderTest extends AutoCloseable {
    /** The kubeconfig of an existing cluster to run against; unset or empty: an in-process sandbox. */
    String KUBECONFIG_PROPERTY = "e2e.kubeconfig";
    /** {@code process} or {@code installed}: where the operator comes from on an existing cluster. */
    String OPERATOR_PROPERTY = "e2e.operator";

    /**
     * The cluster the system properties select; {@code sandbox} says how to start the sandbox when none is
     * given. Returns once the operator runs on it.
     */
    static ClusterUnderTest start(SandboxOptions sandbox) {
        String kubeconfig = System.getProperty(KUBECONFIG_PROPERTY, "").trim();
        if (kubeconfig.isEmpty()) {
            return SandboxCluster.start(sandbox);
        }
        String operator = System.getProperty(OPERATOR_PROPERTY, "").trim();
        return KubeconfigCluster.connect(Path.of(kubeconfig), KubeconfigCluster.OperatorSource.named(operator));
    }

    /** A client with the rights of the kubeconfig's user; closed with the cluster. */
    KubernetesClient client();

    /** The kubeconfig a command line tool can use to reach this cluster. */
    Path kubeconfig();

    /**
     * How long a test waits for pods to start, become ready or go: seconds in the sandbox, whose kubelet
     * makes a pod ready at once; minutes on a cluster that pulls images and runs probes.
     */
    Duration patience();

    /**
     * Makes the readiness probe of a running pod fail from now on. A real kubelet runs the probe, and
     * {@code probeBreaker} (run in the pod's first container) is what makes it fail; the sandbox's kubelet
     * runs no probes and is told by an annotation instead.
     *
     * @throws KubernetesClientException when the pod cannot be changed or the command cannot be run
     */
    void failReadinessProbe(Pod pod, String... probeBreaker);

    /** Stops what the cluster started for the tests (the sandbox, an operator process); never deletes a cluster. */
    @Override
    void close();
}
