package dev.daemonset.operator.cli.rollout;

import java.util.Objects;

/**
 * What {@code rollout status} reports for one observation of a DaemonSet: a progress line to print
 * while waiting, the final success line, or the reason the rollout failed (printed as an error).
 */
public record RolloutStatus(Phase phase, String message) {
    public enum Phase {
        IN_PROGRESS,
        COMPLETE,
        FAILED
    }

    public RolloutStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
    }

    static RolloutStatus inProgress(String line) {
        return new RolloutStatus(Phase.IN_PROGRESS, line);
    }

    static RolloutStatus complete(String line) {
        return new RolloutStatus(Phase.COMPLETE, line);
    }

    static RolloutStatus failed(String reason) {
        return new RolloutStatus(Phase.FAILED, reason);
    }

    public boolean finished() {
        return phase != Phase.IN_PROGRESS;
    }
}
