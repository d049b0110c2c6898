package dev.daemonset.operator.testing;

import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.SandboxOptions;
import dev.daemonset.operator.sandbox.sim.Kubelet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/** An in-process sandbox, started for the test class and stopped with it; the operator runs inside it. */
final class SandboxCluster implements ClusterUnderTest {
    /** Upstream's five minutes are for a real cluster; the sandbox's kubelet starts a pod in well under a second. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Sandbox sandbox;

    private SandboxCluster(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static SandboxCluster start(SandboxOptions options) {
        try {
            return new SandboxCluster(Sandbox.start(options));
        } catch (Exception e) {
            throw new IllegalStateException("the sandbox did not start", e);
        }
    }

    @Override
    public KubernetesClient client() {
        return sandbox.client();
    }

    @Override
    public Path kubeconfig() {
        return sandbox.kubeconfig();
    }

    @Override
    public Duration patience() {
        return PATIENCE;
    }

    /** The sandbox's kubelet runs no probes: it reads the pod's readiness from an annotation. */
    @Override
    public void failReadinessProbe(Pod pod, String... probeBreaker) {
        client().pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(Kubelet.READINESS_PROBE_ANNOTATION, Kubelet.READINESS_PROBE_FAILING)
                        .endMetadata()
                        .build());
    }

    @Override
    public void close() {
        sandbox.close();
    }

    @Override
    public String toString() {
        return "the in-process sandbox at " + sandbox.url();
    }
}
