package dev.daemonset.operator.plan;

import java.util.List;

/** Which objects (pods or revisions) a DaemonSet keeps, adopts and releases this sync. */
public record Claims<T>(List<T> claimed, List<T> toAdopt, List<T> toRelease) {
    public boolean settled() {
        return toAdopt.isEmpty() && toRelease.isEmpty();
    }
}
