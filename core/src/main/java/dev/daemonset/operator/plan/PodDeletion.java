package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;

/** A pod the plan deletes, and why (logged, and used in events). */
public record PodDeletion(Pod pod, String reason) {
    public String name() {
        return pod.getMetadata().getName();
    }
}
