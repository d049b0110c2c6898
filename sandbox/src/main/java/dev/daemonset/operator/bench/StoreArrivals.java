package dev.daemonset.operator.bench;

import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.sandbox.apiserver.ObjectStore;
import dev.daemonset.operator.sandbox.apiserver.StoreEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * When a joining node and the pods for it land in the API server's store: the moment each write
 * exists, with no watch delivery to the benchmark in between. A watch on a 2-core machine busy with
 * the operator's syncs added milliseconds of its own to a figure measured in round trips of 1-2 ms.
 */
final class StoreArrivals implements AutoCloseable {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final ObjectStore store;
    private final Consumer<StoreEvent> listener = this::onEvent;
    private volatile String node;
    private long nodeAddedAt;
    private long lastPodAt;
    private int pods;
    /** Pods stored since the last look, not yet checked for their node. */
    private final List<PodArrival> arrived = new ArrayList<>();

    private record PodArrival(long nanos, JsonNode pod) {}

    StoreArrivals(ObjectStore store) {
        this.store = store;
        store.addListener(listener);
    }

    /** Starts timing {@code nodeName}: its ADDED event, then the ADDED events of pods pinned to it. */
    synchronized void watch(String nodeName) {
        node = nodeName;
        nodeAddedAt = 0;
        lastPodAt = 0;
        pods = 0;
        arrived.clear();
    }

    /** Reads the pods that arrived since the last call, outside the store's lock. */
    synchronized int podsForWatchedNode() {
        for (PodArrival a : arrived) {
            if (node.equals(PodTargets.targetNode(SERIALIZATION.convertValue(a.pod(), Pod.class)))) {
                pods++;
                lastPodAt = Math.max(lastPodAt, a.nanos());
            }
        }
        arrived.clear();
        return pods;
    }

    /** Nanoseconds from the node's ADDED event to the last pod's for it. */
    synchronized long nodeToLastPodNanos() {
        return lastPodAt - nodeAddedAt;
    }

    /**
     * Runs inside the store's write lock, so it only notes the time: turning a pod into its target node
     * here would slow the very writes being timed.
     */
    private void onEvent(StoreEvent event) {
        String watched = node;
        if (watched == null || !"ADDED".equals(event.type())) {
            return;
        }
        long now = System.nanoTime();
        JsonNode obj = event.object();
        String kind = obj.path("kind").asString("");
        if ("Node".equals(kind)
                && watched.equals(obj.path("metadata").path("name").asString(""))) {
            synchronized (this) {
                nodeAddedAt = now;
            }
        } else if ("Pod".equals(kind)) {
            synchronized (this) {
                arrived.add(new PodArrival(now, obj));
            }
        }
    }

    @Override
    public void close() {
        store.removeListener(listener);
    }
}
