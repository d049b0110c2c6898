package dev.daemonset.operator.cli.rollout;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
        name = "resume",
        description = "Resume a paused rolling update. Clears spec.updateStrategy.rollingUpdate.paused.")
final class RolloutResumeCommand extends RolloutSubcommand {
    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        if (!PauseState.isPaused(daemonSet.get())) {
            throw PauseState.failure(daemonSet.name(), "is not paused");
        }
        daemonSet.mergePatch(PauseState.pausedPatch(false));
        out.println(DaemonSetNames.qualified(daemonSet.name()) + " resumed");
        return OK;
    }
}
