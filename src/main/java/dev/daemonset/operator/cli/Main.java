package dev.daemonset.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "daemonset-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A Kubernetes DaemonSet controller (daemonset.dev/v1alpha1).",
    subcommands = {RunCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line as main() runs it: enum values in any case, bad input as one line, not a stack trace. */
  static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(new Main(), factory)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new ErrorMessageHandler());
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
