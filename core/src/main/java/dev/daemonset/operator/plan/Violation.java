package dev.daemonset.operator.plan;

/** One reason a DaemonSet spec is invalid, phrased as the API server would phrase it. */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
