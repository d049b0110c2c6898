package dev.daemonset.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

/** {@code -n NS}, resolved as kubectl resolves it: the flag, else the kubeconfig context's namespace, else default. */
public final class NamespaceOption {
    static final String DEFAULT_NAMESPACE = "default";

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace of the DaemonSet (default: the kubeconfig context's namespace, else default).")
    String namespace;

    public String resolve(KubernetesClient client) {
        if (namespace != null && !namespace.isBlank()) {
            return namespace;
        }
        String fromConfig = client.getNamespace();
        return fromConfig == null || fromConfig.isBlank() ? DEFAULT_NAMESPACE : fromConfig;
    }
}
