package dev.daemonset.operator.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * Read-only view of the per-node backoff for deleting failed daemon pods. The planner only asks; the
 * executor advances the backoff for the nodes the plan names, so planning has no side effects.
 */
public interface FailedPodBackoffView {
    /** The time left before a failed pod on this node may be deleted again, or null if it may be now. */
    Duration remaining(String nodeName, Instant now);

    FailedPodBackoffView NONE = (node, now) -> null;
}
