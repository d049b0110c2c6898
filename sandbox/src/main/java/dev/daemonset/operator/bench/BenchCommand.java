package dev.daemonset.operator.bench;

import dev.daemonset.operator.sandbox.SandboxCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the scale benchmark of docs/benchmark.md, against the embedded API server. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the operator at scale against the embedded API server: convergence, write",
            "amplification, resync writes and sync time, node join, rolling update and heap per pod.",
            "Prints a table (progress goes to stderr). Give the JVM a large heap: java -Xmx8g -jar ..."
        })
public final class BenchCommand implements Callable<Integer> {
    private static final int QUICK_NODES = 200;
    private static final int QUICK_DAEMONSETS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "N, worker nodes (default: " + BenchOptions.DEFAULT_NODES + ").")
    Integer nodes;

    @Option(
            names = "--daemonsets",
            description =
                    "D, DaemonSets for the steady-state figures (default: " + BenchOptions.DEFAULT_DAEMONSETS + ").")
    Integer daemonSets;

    @Option(
            names = "--app-pods-per-node",
            description = "Ordinary application pods on every node, cached by the operator but not its own, for the"
                    + " footprint figures (default: " + BenchOptions.DEFAULT_APP_PODS_PER_NODE + ").")
    Integer appPodsPerNode;

    @Option(
            names = "--quick",
            description = "A smoke run: " + QUICK_NODES + " nodes, " + QUICK_DAEMONSETS + " DaemonSets, unless given.")
    boolean quick;

    @Option(names = "--out", description = "Also write the figures to this file as JSON.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SandboxCommand.quietLogging();
        BenchOptions options = new BenchOptions(
                nodes != null ? nodes : quick ? QUICK_NODES : BenchOptions.DEFAULT_NODES,
                daemonSets != null ? daemonSets : quick ? QUICK_DAEMONSETS : BenchOptions.DEFAULT_DAEMONSETS,
                appPodsPerNode != null ? appPodsPerNode : BenchOptions.DEFAULT_APP_PODS_PER_NODE);
        BenchResult result = Benchmark.run(options);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(result.table());
        stdout.flush();
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, result.toJson(), StandardCharsets.UTF_8);
        }
        return 0;
    }
}
