package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;

/** The work-queue key of one DaemonSet. */
public record DaemonSetKey(String namespace, String name) {
    public static DaemonSetKey of(DaemonSet ds) {
        return new DaemonSetKey(
                ds.getMetadata().getNamespace(), ds.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
