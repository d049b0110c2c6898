package dev.daemonset.operator.sandbox;

import dev.daemonset.operator.testing.InProcessCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the jar's own command line ({@code daemonset-operator rollout status ...}) in-process against
 * the sandbox's kubeconfig, so the CLI connects exactly as it would from a shell, without a JVM start.
 */
final class OperatorCli {
    static final Duration TIMEOUT = Duration.ofSeconds(45);

    private final Path kubeconfig;

    OperatorCli(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    InProcessCli.Result run(String... args) {
        return start(args).awaitExit();
    }

    /** Starts the command on its own thread, for commands that wait (rollout status). */
    InProcessCli.Running start(String... args) {
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        argv.add("--kubeconfig=" + kubeconfig);
        return InProcessCli.start("operator-cli", TIMEOUT, argv);
    }
}
