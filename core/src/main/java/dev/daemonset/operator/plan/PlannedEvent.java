package dev.daemonset.operator.plan;

/** A Kubernetes Event the executor records on the DaemonSet once the plan is applied. */
public record PlannedEvent(boolean warning, String reason, String message) {
    public static PlannedEvent normal(String reason, String message) {
        return new PlannedEvent(false, reason, message);
    }

    public static PlannedEvent warning(String reason, String message) {
        return new PlannedEvent(true, reason, message);
    }
}
