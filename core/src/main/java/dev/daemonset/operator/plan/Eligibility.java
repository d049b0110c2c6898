package dev.daemonset.operator.plan;

import java.util.List;
import java.util.Objects;

/**
 * The verdict for one node, as upstream {@code NodeShouldRunDaemonPod} gives it.
 *
 * @param shouldRun             a daemon pod should be created on the node if none is there
 * @param shouldContinueRunning a daemon pod already on the node may stay; false means it is to be deleted
 * @param reasons               human-readable explanation of every failing rule; empty when {@code shouldRun}
 */
public record Eligibility(boolean shouldRun, boolean shouldContinueRunning, List<String> reasons) {

    /** The node runs the daemon pod. Shared instance: the common case allocates nothing. */
    public static final Eligibility RUN = new Eligibility(true, true, List.of());

    public Eligibility {
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        if (shouldRun && !shouldContinueRunning) {
            throw new IllegalArgumentException("a node that should run a pod must also keep it running");
        }
        if (shouldRun && !reasons.isEmpty()) {
            throw new IllegalArgumentException("reasons are only given when the node should not run a pod");
        }
        if (!shouldRun && reasons.isEmpty()) {
            throw new IllegalArgumentException("a node that should not run a pod needs a reason");
        }
    }

    /** No new pod is placed on the node, but a pod already running there keeps running (NoSchedule taints). */
    public static Eligibility keepRunningOnly(List<String> reasons) {
        return new Eligibility(false, true, reasons);
    }

    /** The node is not for this DaemonSet: no new pod, and a pod already there is deleted. */
    public static Eligibility excluded(List<String> reasons) {
        return new Eligibility(false, false, reasons);
    }

    /** True when a daemon pod already on the node is to be deleted. */
    public boolean evictsRunningPods() {
        return !shouldContinueRunning;
    }

    /** The reasons on one line, "; "-separated; empty when the node runs the pod. */
    public String summary() {
        return String.join("; ", reasons);
    }
}
