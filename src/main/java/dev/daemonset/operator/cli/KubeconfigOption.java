package dev.daemonset.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig FILE} as kubectl reads it: the flag, else KUBECONFIG, else in-cluster
 * config, else ~/.kube/config (fabric8's auto-configuration covers the last three).
 */
public final class KubeconfigOption {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to a kubeconfig file.")
  Path kubeconfig;

  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  public Config config() {
    if (kubeconfig == null) {
      return Config.autoConfigure(null);
    }
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }
}
