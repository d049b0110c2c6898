package dev.daemonset.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig FILE} as kubectl reads it: the flag, else KUBECONFIG, else ~/.kube/config,
 * else in-cluster config (fabric8's auto-configuration covers the last three).
 */
public final class KubeconfigOption {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to a kubeconfig file.")
  Path kubeconfig;

  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /**
   * The client configuration of every command, {@code run} included. fabric8 re-sends a request that
   * failed with a 5xx or an I/O error up to ten times; for a pod create the server may already have
   * applied, that is a second pod. The operator's queue retries instead, after the informer has shown
   * what happened, and its informers relist on their own.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public Config config() {
    Config config = fromFile();
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private Config fromFile() {
    if (kubeconfig == null) {
      return Config.autoConfigure(null);
    }
    if (!Files.exists(kubeconfig)) {
      throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfig + ": no such file");
    }
    if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfig + ": not a readable file");
    }
    // from the file, not its text: relative certificate paths resolve against its directory
    return Config.fromKubeconfig(kubeconfig.toFile());
  }
}
