package dev.daemonset.operator.metrics;

import java.util.Locale;

/** How a pod create or delete ended, as the {@code result} label of the pod write counters. */
public enum WriteResult {
    SUCCESS,
    /** A delete of a pod that was already gone. */
    NOT_FOUND,
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
