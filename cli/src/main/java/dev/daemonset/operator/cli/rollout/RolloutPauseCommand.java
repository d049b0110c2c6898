package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
        name = "pause",
        description = {
            "Pause the rolling update: no pod is replaced until the rollout is resumed.",
            "Pods are still created on new nodes. Sets spec.updateStrategy.rollingUpdate.paused."
        })
final class RolloutPauseCommand extends RolloutSubcommand {
    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        DaemonSet ds = daemonSet.get();
        if (!PauseState.isRollingUpdate(ds)) {
            throw PauseState.failure(daemonSet.name(), "pausing is only supported for the RollingUpdate strategy type");
        }
        if (PauseState.isPaused(ds)) {
            throw PauseState.failure(daemonSet.name(), "is already paused");
        }
        daemonSet.mergePatch(PauseState.pausedPatch(true));
        out.println(DaemonSetNames.qualified(daemonSet.name()) + " paused");
        return OK;
    }
}
