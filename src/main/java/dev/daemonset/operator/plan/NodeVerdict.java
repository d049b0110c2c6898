package dev.daemonset.operator.plan;

/** One node's eligibility for one DaemonSet, computed once per sync and shared by every planner. */
public record NodeVerdict(String nodeName, Eligibility eligibility) {
  public boolean shouldRun() {
    return eligibility.shouldRun();
  }

  public boolean shouldContinueRunning() {
    return eligibility.shouldContinueRunning();
  }
}
