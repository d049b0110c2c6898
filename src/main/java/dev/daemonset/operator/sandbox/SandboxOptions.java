package dev.daemonset.operator.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Sandbox} starts.
 *
 * @param nodes the number of worker nodes (the control-plane node comes on top)
 * @param port the API server port on 127.0.0.1, 0 for a free one
 * @param kubeconfig where to write the kubeconfig for kubectl, or null for a temporary file
 * @param readyAfter how long the simulated kubelet takes to make a bound pod Running and Ready
 * @param withOperator whether to start the operator inside the sandbox
 */
public record SandboxOptions(int nodes, int port, Path kubeconfig, Duration readyAfter, boolean withOperator) {
  public static final int DEFAULT_NODES = 3;
  public static final int DEFAULT_PORT = 6443;
  public static final Path DEFAULT_KUBECONFIG = Path.of("sandbox.kubeconfig");
  public static final Duration DEFAULT_READY_AFTER = Duration.ofSeconds(1);

  public SandboxOptions {
    if (nodes < 0) {
      throw new IllegalArgumentException("nodes must be >= 0, got " + nodes);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Objects.requireNonNull(readyAfter, "readyAfter");
    if (readyAfter.isNegative()) {
      throw new IllegalArgumentException("readyAfter must not be negative, got " + readyAfter);
    }
  }

  /** The CLI defaults: 3 workers, port 6443, ./sandbox.kubeconfig, ready after 1s, with the operator. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(DEFAULT_NODES, DEFAULT_PORT, DEFAULT_KUBECONFIG, DEFAULT_READY_AFTER, true);
  }

  public SandboxOptions withNodes(int n) {
    return new SandboxOptions(n, port, kubeconfig, readyAfter, withOperator);
  }

  public SandboxOptions withPort(int p) {
    return new SandboxOptions(nodes, p, kubeconfig, readyAfter, withOperator);
  }

  public SandboxOptions withKubeconfig(Path file) {
    return new SandboxOptions(nodes, port, file, readyAfter, withOperator);
  }

  public SandboxOptions withReadyAfter(Duration d) {
    return new SandboxOptions(nodes, port, kubeconfig, d, withOperator);
  }

  public SandboxOptions withOperator(boolean enabled) {
    return new SandboxOptions(nodes, port, kubeconfig, readyAfter, enabled);
  }
}
