package dev.daemonset.operator.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a {@link Sandbox} starts.
 *
 * @param nodes the number of worker nodes (the control-plane node comes on top)
 * @param port the API server port on 127.0.0.1, 0 for a free one
 * @param kubeconfig where to write the kubeconfig for kubectl, or null for a temporary file
 * @param readyAfter how long the simulated kubelet takes to make a bound pod Running and Ready
 * @param withOperator whether to start the operator inside the sandbox
 * @param apiWrapper wraps the API server's dispatcher for requests that arrive over HTTP (the
 *     simulators' too, but not the garbage collector's internal calls); tests inject faults there
 * @param skipValidation whether the API server stores custom resources without checking them against
 *     their CRD's schema and CEL rules (as an old cluster or a direct etcd write would), so that the
 *     operator's own defence can be tried
 * @param addons whether to run kube-proxy and kindnet as DaemonSets in kube-system, as a kind cluster
 *     does (see {@link Addons}); the {@code sandbox} command's default, off for programmatic use
 */
public record SandboxOptions(
        int nodes,
        int port,
        Path kubeconfig,
        Duration readyAfter,
        boolean withOperator,
        UnaryOperator<Dispatcher> apiWrapper,
        boolean skipValidation,
        boolean addons) {
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
        Objects.requireNonNull(apiWrapper, "apiWrapper");
    }

    public SandboxOptions(
            int nodes,
            int port,
            Path kubeconfig,
            Duration readyAfter,
            boolean withOperator,
            UnaryOperator<Dispatcher> apiWrapper,
            boolean skipValidation) {
        this(nodes, port, kubeconfig, readyAfter, withOperator, apiWrapper, skipValidation, false);
    }

    public SandboxOptions(
            int nodes,
            int port,
            Path kubeconfig,
            Duration readyAfter,
            boolean withOperator,
            UnaryOperator<Dispatcher> apiWrapper) {
        this(nodes, port, kubeconfig, readyAfter, withOperator, apiWrapper, false);
    }

    public SandboxOptions(int nodes, int port, Path kubeconfig, Duration readyAfter, boolean withOperator) {
        this(nodes, port, kubeconfig, readyAfter, withOperator, UnaryOperator.identity());
    }

    /**
     * 3 workers, port 6443, ./sandbox.kubeconfig, ready after 1s, with the operator, without addons (the
     * {@code sandbox} command adds them unless {@code --no-addons}).
     */
    public static SandboxOptions defaults() {
        return new SandboxOptions(DEFAULT_NODES, DEFAULT_PORT, DEFAULT_KUBECONFIG, DEFAULT_READY_AFTER, true);
    }

    public SandboxOptions withNodes(int n) {
        return new SandboxOptions(n, port, kubeconfig, readyAfter, withOperator, apiWrapper, skipValidation, addons);
    }

    public SandboxOptions withPort(int p) {
        return new SandboxOptions(nodes, p, kubeconfig, readyAfter, withOperator, apiWrapper, skipValidation, addons);
    }

    public SandboxOptions withKubeconfig(Path file) {
        return new SandboxOptions(nodes, port, file, readyAfter, withOperator, apiWrapper, skipValidation, addons);
    }

    public SandboxOptions withReadyAfter(Duration d) {
        return new SandboxOptions(nodes, port, kubeconfig, d, withOperator, apiWrapper, skipValidation, addons);
    }

    public SandboxOptions withOperator(boolean enabled) {
        return new SandboxOptions(nodes, port, kubeconfig, readyAfter, enabled, apiWrapper, skipValidation, addons);
    }

    public SandboxOptions withApiWrapper(UnaryOperator<Dispatcher> wrapper) {
        return new SandboxOptions(nodes, port, kubeconfig, readyAfter, withOperator, wrapper, skipValidation, addons);
    }

    public SandboxOptions withSkipValidation(boolean skip) {
        return new SandboxOptions(nodes, port, kubeconfig, readyAfter, withOperator, apiWrapper, skip, addons);
    }

    public SandboxOptions withAddons(boolean enabled) {
        return new SandboxOptions(
                nodes, port, kubeconfig, readyAfter, withOperator, apiWrapper, skipValidation, enabled);
    }
}
