package dev.daemonset.operator.cli.rollout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** kubectl rollout for this project's DaemonSets, which kubectl's own rollout command does not know. */
@Command(
        name = "rollout",
        description = "Manage the rollout of a DaemonSet (daemonset.dev/v1alpha1), like kubectl rollout.",
        subcommands = {
            RolloutStatusCommand.class,
            RolloutHistoryCommand.class,
            RolloutUndoCommand.class,
            RolloutRestartCommand.class,
            RolloutPauseCommand.class,
            RolloutResumeCommand.class
        })
public final class RolloutCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand: one of status, history, undo, restart, pause, resume");
    }
}
