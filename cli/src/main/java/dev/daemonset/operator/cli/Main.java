package dev.daemonset.operator.cli;

import dev.daemonset.operator.cli.describe.DescribeCommand;
import dev.daemonset.operator.cli.drain.DrainCommand;
import dev.daemonset.operator.cli.rollout.RolloutCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "daemonset-operator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Kubernetes DaemonSet controller (daemonset.dev/v1alpha1).",
        subcommands = {
            RunCommand.class,
            RolloutCommand.class,
            ExplainCommand.class,
            DescribeCommand.class,
            DrainCommand.class
        })
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as main() runs it: enum values in any case, bad input as one line, not a stack trace. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(new Main(), factory)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::shortUsageError)
                .setExecutionExceptionHandler(new ErrorMessageHandler());
    }

    /** The error and a pointer to --help: the full usage would push the error off the screen. */
    private static int shortUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
        cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        return cmd.getExitCodeExceptionMapper() != null
                ? cmd.getExitCodeExceptionMapper().getExitCode(e)
                : cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
