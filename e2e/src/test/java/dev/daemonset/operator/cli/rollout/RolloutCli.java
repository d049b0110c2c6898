package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code daemonset-operator rollout ...} in-process, as the jar's main would, against a mock
 * cluster reached through a kubeconfig file (so the CLI's own connection code is exercised).
 */
final class RolloutCli {
    private final Path kubeconfig;

    private RolloutCli(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    /** Writes a kubeconfig whose current context points at the cluster, with the given namespace (null: none). */
    static RolloutCli against(MockCluster cluster, Path dir, String namespace) {
        String yaml = cluster.kubeconfig(namespace);
        try {
            Path file = Files.createTempFile(dir, "kubeconfig", ".yaml");
            Files.writeString(file, yaml);
            return new RolloutCli(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InProcessCli.Result run(String... args) {
        return start(args).awaitExit();
    }

    /** Starts the command on its own thread, for commands that wait (rollout status). */
    InProcessCli.Running start(String... args) {
        List<String> argv = new ArrayList<>(List.of("rollout"));
        argv.addAll(Arrays.asList(args));
        boolean hasSubcommand = args.length > 0;
        if (hasSubcommand && argv.stream().noneMatch(a -> a.startsWith("--kubeconfig"))) {
            argv.add("--kubeconfig=" + kubeconfig);
        }
        return InProcessCli.start("rollout-cli", MockCluster.TIMEOUT, argv);
    }
}
