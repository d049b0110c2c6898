package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.SyncPlanner;

/** Writes a DaemonSet's status subresource, and the one annotation the controller keeps on it. */
public interface StatusWriter {
    /** Upstream's annotation: how many times the template has changed (the update revision's number). */
    String TEMPLATE_GENERATION_ANNOTATION = SyncPlanner.TEMPLATE_GENERATION_ANNOTATION;

    void write(DaemonSet ds, DaemonSetStatus status);

    /**
     * Sets {@link #TEMPLATE_GENERATION_ANNOTATION}. For apps/v1 the API server keeps it; a custom
     * resource has no such hook, so the controller does.
     */
    default void annotateTemplateGeneration(DaemonSet ds, long generation) {
        throw new UnsupportedOperationException("this status writer does not annotate");
    }
}
