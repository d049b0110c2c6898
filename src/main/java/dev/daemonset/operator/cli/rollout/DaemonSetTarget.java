package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.cli.KubeconfigOption;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every rollout subcommand shares: which DaemonSet, in which namespace, on which cluster. */
public final class DaemonSetTarget {
  static final String DEFAULT_NAMESPACE = "default";

  @Parameters(index = "0", paramLabel = "NAME", description = "The DaemonSet, as NAME or daemonset/NAME.")
  String argument;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "Namespace of the DaemonSet (default: the kubeconfig context's namespace, else default).")
  String namespace;

  @Mixin
  KubeconfigOption kube;

  String name() {
    return DaemonSetNames.parse(argument);
  }

  String namespace(KubernetesClient client) {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    String fromConfig = client.getNamespace();
    return fromConfig == null || fromConfig.isBlank() ? DEFAULT_NAMESPACE : fromConfig;
  }
}
