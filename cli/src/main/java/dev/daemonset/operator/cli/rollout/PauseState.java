package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.UpdateStrategyType;
import java.util.HashMap;
import java.util.Map;

/** Reads and writes {@code spec.updateStrategy.rollingUpdate.paused}. */
final class PauseState {
    private PauseState() {}

    static boolean isRollingUpdate(DaemonSet ds) {
        DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || strategy.getType() == UpdateStrategyType.RollingUpdate;
    }

    static boolean isPaused(DaemonSet ds) {
        DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
        return strategy != null
                && strategy.getRollingUpdate() != null
                && Boolean.TRUE.equals(strategy.getRollingUpdate().getPaused());
    }

    /** A merge patch that creates rollingUpdate if absent; resuming removes the field rather than writing false. */
    static Map<String, Object> pausedPatch(boolean paused) {
        Map<String, Object> rollingUpdate = new HashMap<>();
        rollingUpdate.put("paused", paused ? Boolean.TRUE : null);
        return Map.of("spec", Map.of("updateStrategy", Map.of("rollingUpdate", rollingUpdate)));
    }

    /** kubectl's wording: {@code error: daemonsets.daemonset.dev "NAME" is already paused}. */
    static CommandFailure failure(String name, String problem) {
        return CommandFailure.error(DaemonSetNames.PLURAL + " \"" + name + "\" " + problem);
    }
}
