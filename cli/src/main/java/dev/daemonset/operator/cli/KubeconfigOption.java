package dev.daemonset.operator.cli;

import dev.daemonset.operator.client.OperatorClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
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

    /**
     * The client of the one-shot commands: the kubeconfig's cluster and credentials with the settings the
     * operator ships ({@link OperatorClients}: no HTTP retries, explicit timeouts), over the JDK's HTTP client,
     * which is ready in a fraction of the time Vert.x takes to start.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public KubernetesClient client() {
        Config config = fromFile();
        // HTTP/1.1 as the operator's client speaks it: over plain http the JDK's client would otherwise ask to
        // upgrade to HTTP/2, which not every server (the sandbox's among them) answers
        config.setHttp2Disable(true);
        if (plainHttpWithoutIdentityProvider(config)) {
            // nothing here speaks TLS, so there is no certificate to trust or distrust; left as it was, fabric8
            // reads the JDK's whole trust store (some 140 certificates) at every start for a TLS context that no
            // request uses. An auth provider (OIDC) is left alone: its token refresh may reach an https server
            config.setTrustCerts(true);
            return OperatorClients.client(config, new PlainHttpClientFactory());
        }
        return OperatorClients.client(config, new JdkHttpClientFactory());
    }

    private static boolean plainHttpWithoutIdentityProvider(Config config) {
        String server = config.getMasterUrl();
        return server != null
                && server.regionMatches(true, 0, "http://", 0, "http://".length())
                && config.getAuthProvider() == null;
    }

    /** As {@link #client()}, over the operator's own HTTP client: for {@code run}. */
    public KubernetesClient operatorClient() {
        return OperatorClients.client(fromFile());
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
