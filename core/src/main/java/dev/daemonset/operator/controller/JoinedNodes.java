package dev.daemonset.operator.controller;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Nodes that just became eligible for a DaemonSet, noted by the node event handler for the next sync
 * of that DaemonSet to serve before anything else (see {@link DaemonSetReconciler}). A hint only: a
 * lost one costs latency, never a pod, because the full sync that follows creates whatever is missing.
 *
 * <p>Only a leader takes them: nothing syncs on a standby, so there every note would stay forever.
 */
final class JoinedNodes {
    private final Map<String, Set<String>> byDaemonSet = new ConcurrentHashMap<>();
    private volatile boolean taking;

    void add(String daemonSetUid, String node) {
        if (taking) {
            byDaemonSet.compute(daemonSetUid, (k, nodes) -> {
                Set<String> noted = nodes == null ? ConcurrentHashMap.newKeySet() : nodes;
                noted.add(node);
                return noted;
            });
        }
    }

    /** From now on notes are kept until taken. */
    void startTaking() {
        taking = true;
    }

    /** Leadership ended: forget every note and take no more. */
    void stopTaking() {
        taking = false;
        byDaemonSet.clear();
    }

    /** The DaemonSet is gone. */
    void forget(String daemonSetUid) {
        byDaemonSet.remove(daemonSetUid);
    }

    /** The node is gone: no DaemonSet has to serve it first. */
    void forgetNode(String node) {
        retainNodes(n -> !n.equals(node));
    }

    /** The UIDs of the DaemonSets with notes, as of now. */
    Set<String> daemonSetUids() {
        return Set.copyOf(byDaemonSet.keySet());
    }

    /** The nodes noted, as of now. */
    Set<String> nodes() {
        Set<String> nodes = new HashSet<>();
        byDaemonSet.values().forEach(nodes::addAll);
        return nodes;
    }

    /** Each set is changed inside compute, so a note added meanwhile is never dropped with an emptied set. */
    private void retainNodes(Predicate<String> keep) {
        for (String uid : byDaemonSet.keySet()) {
            byDaemonSet.computeIfPresent(uid, (k, noted) -> {
                noted.removeIf(keep.negate());
                return noted.isEmpty() ? null : noted;
            });
        }
    }

    int size() {
        return byDaemonSet.size();
    }

    /** The nodes noted since the last call, now forgotten. */
    Set<String> take(String daemonSetUid) {
        Set<String> nodes = byDaemonSet.remove(daemonSetUid);
        return nodes == null ? Set.of() : nodes;
    }
}
