package dev.daemonset.operator.cli;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.StrictModelMapper;
import dev.daemonset.operator.pods.TemplateEquivalence;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Builds, on a thread of its own, the Jackson (de)serializers a one-shot command is about to need, while the main
 * thread parses the command line, reads the kubeconfig and waits for the API server. Jackson builds them by
 * reflection once per run, for each model class a value of it is read or written (the command's mapper defers a
 * property's deserializer until a value of it comes): reading a node agent's DaemonSet, nodes and pods and hashing
 * the template took about a quarter of explain's run, all of it after the replies arrived, with the machine's second
 * core idle. So the warm-up reads objects shaped like those (a resource next to this class) with the mappers the
 * commands use ({@link StrictModelMapper} to read, fabric8's through {@link TemplateEquivalence} to hash templates),
 * both safe to share between threads; what the warm-up has not built by the time the command needs it, the command
 * builds as before.
 */
final class ModelWarmUp {
    /** The commands that read a DaemonSet into the model; the others (run, drain, --help) start no warm-up. */
    private static final Set<String> MODEL_READERS = Set.of("explain", "describe", "rollout");

    private static final String SAMPLES = "model-warm-up.json";

    private ModelWarmUp() {}

    /** Starts the warm-up when {@code args} name a command that reads the model. */
    static void startFor(String[] args) {
        if (args.length == 0 || !MODEL_READERS.contains(args[0])) {
            return;
        }
        // only explain reads nodes and hashes the template; for the others, preparing that would take CPU from them
        boolean explains = args[0].equals("explain");
        Thread thread = new Thread(() -> warmUp(explains), "model-warm-up");
        // never keeps the JVM up: a command that fails early exits without waiting for it
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp(boolean explains) {
        try {
            JsonNode samples = samples();
            DaemonSet ds = StrictModelMapper.MAPPER.treeToValue(samples.get("daemonSet"), DaemonSet.class);
            StrictModelMapper.MAPPER.treeToValue(samples.get("pod"), Pod.class);
            if (explains) {
                StrictModelMapper.MAPPER.treeToValue(samples.get("node"), Node.class);
                TemplateEquivalence.key(ds.getSpec().getTemplate());
            }
        } catch (RuntimeException | LinkageError e) {
            // only ever a head start: the command builds whatever is missing itself, and reports its own errors
        }
    }

    private static JsonNode samples() {
        try (InputStream in = ModelWarmUp.class.getResourceAsStream(SAMPLES)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLES + " is missing");
            }
            return StrictModelMapper.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
