package dev.daemonset.operator.cli;

import dev.daemonset.operator.cli.rollout.RolloutCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "daemonset-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A Kubernetes DaemonSet controller (daemonset.dev/v1alpha1).",
    subcommands = {RunCommand.class, RolloutCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
