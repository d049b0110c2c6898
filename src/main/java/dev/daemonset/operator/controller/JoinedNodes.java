package dev.daemonset.operator.controller;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nodes that just became eligible for a DaemonSet, noted by the node event handler for the next sync
 * of that DaemonSet to serve before anything else (see {@link DaemonSetReconciler}). A hint only: a
 * lost one costs latency, never a pod, because the full sync that follows creates whatever is missing.
 */
final class JoinedNodes {
  private final Map<DaemonSetKey, Set<String>> byDaemonSet = new ConcurrentHashMap<>();

  void add(DaemonSetKey key, String node) {
    byDaemonSet.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(node);
  }

  /** The nodes noted since the last call, now forgotten. */
  Set<String> take(DaemonSetKey key) {
    Set<String> nodes = byDaemonSet.remove(key);
    return nodes == null ? Set.of() : nodes;
  }
}
