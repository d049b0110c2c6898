package dev.daemonset.operator.cli;

import dev.daemonset.operator.client.OperatorClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
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
     * The client of every command, {@code run} included: the kubeconfig's cluster and credentials with the
     * settings the operator ships ({@link OperatorClients}: no HTTP retries, explicit timeouts).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public KubernetesClient client() {
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
