package dev.daemonset.operator.cli;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.StrictModelMapper;
import dev.daemonset.operator.pods.TemplateEquivalence;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Set;

/**
 * Builds, on a thread of its own, the Jackson (de)serializers a one-shot command is about to need, while the main
 * thread parses the command line, reads the kubeconfig and waits for the API server. Jackson builds them by
 * reflection once per run, for the hundred-odd model classes a pod template reaches: decoding the DaemonSet and
 * hashing its template took about a quarter of explain's run, all of it after the DaemonSet arrived, with the
 * machine's second core idle. The mappers are the ones the commands use ({@link StrictModelMapper} to read,
 * fabric8's through {@link TemplateEquivalence} to copy and hash templates), and both are safe to share between
 * threads; what the warm-up has not built by the time the command needs it, the command builds as before.
 */
final class ModelWarmUp {
    /** The commands that read a DaemonSet into the model; the others (run, drain, --help) start no warm-up. */
    private static final Set<String> MODEL_READERS = Set.of("explain", "describe", "rollout");

    private ModelWarmUp() {}

    /** Starts the warm-up when {@code args} name a command that reads the model. */
    static void startFor(String[] args) {
        if (args.length == 0 || !MODEL_READERS.contains(args[0])) {
            return;
        }
        // only explain hashes the template; for the others, building its serializers would take CPU from them
        boolean hashes = args[0].equals("explain");
        Thread thread = new Thread(() -> warmUp(hashes), "model-warm-up");
        // never keeps the JVM up: a command that fails early exits without waiting for it
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp(boolean hashes) {
        try {
            StrictModelMapper.MAPPER.readerFor(DaemonSet.class);
            if (hashes) {
                TemplateEquivalence.key(typicalTemplate());
            }
        } catch (RuntimeException | LinkageError e) {
            // only ever a head start: the command builds whatever is missing itself, and reports its own errors
        }
    }

    /**
     * A node agent's template, with the fields such templates use: fabric8's serializers of a type are built when
     * the first value of it is written, so an empty template would prepare almost nothing.
     */
    private static PodTemplateSpec typicalTemplate() {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("app", "agent")
                .addToAnnotations("note", "warm-up")
                .endMetadata()
                .withNewSpec()
                .addToNodeSelector("kubernetes.io/os", "linux")
                .withHostNetwork(true)
                .withServiceAccountName("agent")
                .withPriorityClassName("system-node-critical")
                .addNewToleration()
                .withOperator("Exists")
                .endToleration()
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/arch")
                .withOperator("In")
                .withValues("amd64")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .addToContainers(new ContainerBuilder()
                        .withName("agent")
                        .withImage("registry.example/agent:1.0")
                        .withArgs("--port=9100")
                        .addNewPort()
                        .withContainerPort(9100)
                        .withName("metrics")
                        .endPort()
                        .addNewEnv()
                        .withName("NODE_NAME")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("spec.nodeName")
                        .endFieldRef()
                        .endValueFrom()
                        .endEnv()
                        .withNewResources()
                        .addToRequests("cpu", new Quantity("10m"))
                        .addToLimits("memory", new Quantity("64Mi"))
                        .endResources()
                        .withNewReadinessProbe()
                        .withNewHttpGet()
                        .withPath("/healthz")
                        .withNewPort(9100)
                        .endHttpGet()
                        .endReadinessProbe()
                        .withNewSecurityContext()
                        .withPrivileged(true)
                        .endSecurityContext()
                        .addNewVolumeMount()
                        .withName("host")
                        .withMountPath("/host")
                        .withReadOnly(true)
                        .endVolumeMount()
                        .build())
                .addNewVolume()
                .withName("host")
                .withNewHostPath()
                .withPath("/")
                .endHostPath()
                .endVolume()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("agent")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build();
    }
}
