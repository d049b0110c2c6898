package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.FailedPodBackoffView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DaemonSet, spec generation and node, how long to wait before deleting another failed daemon
 * pod: 1 s doubling to 15 min, as upstream. Without it a template the kubelet rejects (a bad host
 * port, an admission failure) makes create-fail-delete loop as fast as the API server answers. The
 * generation is part of the key, as upstream's key holds the observed generation: a fixed template
 * is tried at once rather than after the backoff the broken one earned.
 *
 * <p>A window is dropped with its DaemonSet ({@link #forget}) or its node ({@link #forgetNode}), and
 * once idle for twice the maximum ({@link #gc}, run every few minutes by the controller's
 * {@code Housekeeping}), when it would start over anyway.
 */
public final class FailedPodBackoff {
    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofMinutes(15);

    private record Key(String daemonSetUid, long generation, String node) {}

    private record Window(Duration length, Instant updatedAt) {}

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    /** The windows of this DaemonSet's spec generation. */
    public FailedPodBackoffView viewFor(DaemonSet ds) {
        return viewFor(ds.getMetadata().getUid(), generationOf(ds));
    }

    public FailedPodBackoffView viewFor(String daemonSetUid, long generation) {
        return (node, now) -> {
            Window w = windows.get(new Key(daemonSetUid, generation, node));
            if (w == null) {
                return null;
            }
            Duration elapsed = Duration.between(w.updatedAt(), now);
            return elapsed.compareTo(w.length()) < 0 ? w.length().minus(elapsed) : null;
        };
    }

    /** Starts or doubles the window of this DaemonSet's spec generation on {@code node}. */
    public void advance(DaemonSet ds, String node, Instant now) {
        advance(ds.getMetadata().getUid(), generationOf(ds), node, now);
    }

    private static long generationOf(DaemonSet ds) {
        return ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
    }

    /** Starts or doubles the window; a window idle for twice the maximum starts over. */
    public void advance(String daemonSetUid, long generation, String node, Instant now) {
        windows.compute(new Key(daemonSetUid, generation, node), (k, w) -> {
            if (w == null || idleTooLong(w, now)) {
                return new Window(INITIAL, now);
            }
            Duration next = w.length().multipliedBy(2);
            return new Window(next.compareTo(MAX) > 0 ? MAX : next, now);
        });
    }

    /** The DaemonSet is gone. */
    public void forget(String daemonSetUid) {
        windows.keySet().removeIf(k -> k.daemonSetUid().equals(daemonSetUid));
    }

    /** The node is gone. */
    public void forgetNode(String node) {
        windows.keySet().removeIf(k -> k.node().equals(node));
    }

    /** The UIDs of the DaemonSets with windows, as of now. */
    public Set<String> daemonSetUids() {
        Set<String> uids = new HashSet<>();
        windows.keySet().forEach(k -> uids.add(k.daemonSetUid()));
        return uids;
    }

    /** The nodes with windows, as of now. */
    public Set<String> nodes() {
        Set<String> nodes = new HashSet<>();
        windows.keySet().forEach(k -> nodes.add(k.node()));
        return nodes;
    }

    /**
     * Drops windows idle for twice the maximum. {@code controller.Housekeeping} calls it on its periodic
     * run, so windows of DaemonSets and nodes that live on but stop failing cannot pile up.
     */
    public void gc(Instant now) {
        windows.values().removeIf(w -> idleTooLong(w, now));
    }

    public int size() {
        return windows.size();
    }

    private static boolean idleTooLong(Window w, Instant now) {
        return Duration.between(w.updatedAt(), now).compareTo(MAX.multipliedBy(2)) > 0;
    }
}
