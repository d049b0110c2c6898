package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Connects, runs one subcommand against one DaemonSet, and turns failures into kubectl's
 * {@code error: ...} line on stderr with exit code 1.
 */
abstract class RolloutSubcommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;

    @Mixin
    DaemonSetTarget target;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String name = target.name();
            validate();
            try (KubernetesClient client = target.client()) {
                try {
                    return run(new DaemonSetClient(client, target.namespace(client), name), out);
                } catch (KubernetesClientException e) {
                    throw ApiErrors.describe(e, client.getMasterUrl());
                }
            }
        } catch (CommandFailure e) {
            err.println(e.line());
            return FAILED;
        } catch (IllegalArgumentException e) {
            err.println(CommandFailure.error(e.getMessage()).line());
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Rejects bad flag values before connecting. */
    void validate() {}

    /** Does the work; returns the exit code or throws {@link CommandFailure}. */
    abstract int run(DaemonSetClient daemonSet, PrintWriter out);
}
