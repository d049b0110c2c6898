package dev.daemonset.operator.bench;

import dev.daemonset.operator.sandbox.apiserver.ObjectStore;
import dev.daemonset.operator.sandbox.apiserver.StoreEvent;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * When a joining node and the pods for it land in the API server's store: the moment each write
 * exists, with no watch delivery to the benchmark in between. A watch on a 2-core machine busy with
 * the operator's syncs added milliseconds of its own to a figure measured in round trips of 1-2 ms.
 */
final class StoreArrivals implements AutoCloseable {
  private final ObjectStore store;
  private final Consumer<StoreEvent> listener = this::onEvent;
  private volatile String node;
  private volatile long nodeAddedAt;
  private volatile long lastPodAt;
  private int pods;

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
  }

  synchronized int podsForWatchedNode() {
    return pods;
  }

  /** Nanoseconds from the node's ADDED event to the last pod's for it. */
  synchronized long nodeToLastPodNanos() {
    return lastPodAt - nodeAddedAt;
  }

  /** Runs inside the store's write lock: only compares names. */
  private void onEvent(StoreEvent event) {
    String watched = node;
    if (watched == null || !"ADDED".equals(event.type())) {
      return;
    }
    JsonNode obj = event.object();
    String kind = obj.path("kind").asString("");
    if ("Node".equals(kind) && watched.equals(obj.path("metadata").path("name").asString(""))) {
      synchronized (this) {
        nodeAddedAt = System.nanoTime();
      }
    } else if ("Pod".equals(kind) && watched.equals(targetNode(obj))) {
      synchronized (this) {
        pods++;
        lastPodAt = System.nanoTime();
      }
    }
  }

  /** The node a daemon pod is pinned to by its matchFields affinity, or bound to. */
  private static String targetNode(JsonNode pod) {
    JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
        .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
    for (JsonNode term : terms) {
      for (JsonNode field : term.path("matchFields")) {
        if ("metadata.name".equals(field.path("key").asString("")) && field.path("values").size() == 1) {
          return field.path("values").get(0).asString("");
        }
      }
    }
    return pod.path("spec").path("nodeName").asString(null);
  }

  @Override
  public void close() {
    store.removeListener(listener);
  }
}
