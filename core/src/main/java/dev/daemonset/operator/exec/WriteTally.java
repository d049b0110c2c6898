package dev.daemonset.operator.exec;

/** The failed writes of one plan, counted from several writer threads. */
final class WriteTally {
    private int count;
    private String first;

    synchronized void failed(String message) {
        count++;
        if (first == null) {
            first = message;
        }
    }

    synchronized PlanExecutor.Outcome outcome() {
        return count == 0 ? PlanExecutor.Outcome.OK : new PlanExecutor.Outcome(count, first);
    }
}
