package dev.daemonset.operator.devtools;

import dev.daemonset.operator.bench.BenchCommand;
import dev.daemonset.operator.sandbox.SandboxCommand;
import picocli.CommandLine;

/**
 * The main class of the development jar, {@code target/daemonset-operator.jar}: the production
 * commands of {@link dev.daemonset.operator.cli.Main} plus {@code sandbox} and {@code bench}, which
 * embed the mock API server and so stay out of the production jar and image.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        dev.daemonset.operator.cli.Main.exit(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return dev.daemonset.operator.cli.Main.commandLine()
                .addSubcommand(new SandboxCommand())
                .addSubcommand(new BenchCommand());
    }
}
