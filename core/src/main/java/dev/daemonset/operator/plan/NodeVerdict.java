package dev.daemonset.operator.plan;

import java.util.Map;

/**
 * One node's eligibility for one DaemonSet, computed once per sync and shared by every planner, with
 * the node's labels for the rollout's canary selector.
 */
public record NodeVerdict(String nodeName, Eligibility eligibility, Map<String, String> labels) {
    public NodeVerdict(String nodeName, Eligibility eligibility) {
        this(nodeName, eligibility, Map.of());
    }

    public boolean shouldRun() {
        return eligibility.shouldRun();
    }

    public boolean shouldContinueRunning() {
        return eligibility.shouldContinueRunning();
    }
}
