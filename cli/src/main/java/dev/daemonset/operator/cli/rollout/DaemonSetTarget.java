package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.cli.KubeconfigOption;
import dev.daemonset.operator.cli.NamespaceOption;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every rollout subcommand shares: which DaemonSet, in which namespace, on which cluster. */
public final class DaemonSetTarget {

    @Parameters(index = "0", paramLabel = "NAME", description = "The DaemonSet, as NAME or daemonset/NAME.")
    String argument;

    @Mixin
    NamespaceOption namespace;

    @Mixin
    KubeconfigOption kube;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    String name() {
        return DaemonSetNames.parse(argument);
    }

    /**
     * The shipped client: it fails at once, as kubectl does, instead of retrying a refused connection or an
     * error response for about 20 seconds; the watch in rollout status reconnects on its own.
     */
    KubernetesClient client() {
        return kube.client();
    }

    String namespace(KubernetesClient client) {
        return namespace.resolve(client);
    }
}
