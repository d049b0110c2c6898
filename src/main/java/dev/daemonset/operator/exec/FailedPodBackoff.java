package dev.daemonset.operator.exec;

import dev.daemonset.operator.plan.FailedPodBackoffView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DaemonSet and node, how long to wait before deleting another failed daemon pod: 1 s doubling
 * to 15 min, as upstream. Without it a template the kubelet rejects (a bad host port, an admission
 * failure) makes create-fail-delete loop as fast as the API server answers.
 */
public final class FailedPodBackoff {
  public static final Duration INITIAL = Duration.ofSeconds(1);
  public static final Duration MAX = Duration.ofMinutes(15);

  private record Window(Duration length, Instant updatedAt) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public FailedPodBackoffView viewFor(String daemonSetUid) {
    return (node, now) -> {
      Window w = windows.get(daemonSetUid + "/" + node);
      if (w == null) {
        return null;
      }
      Duration elapsed = Duration.between(w.updatedAt(), now);
      return elapsed.compareTo(w.length()) < 0 ? w.length().minus(elapsed) : null;
    };
  }

  /** Starts or doubles the window; a window idle for twice the maximum starts over. */
  public void advance(String daemonSetUid, String node, Instant now) {
    windows.compute(daemonSetUid + "/" + node, (k, w) -> {
      if (w == null || Duration.between(w.updatedAt(), now).compareTo(MAX.multipliedBy(2)) > 0) {
        return new Window(INITIAL, now);
      }
      Duration next = w.length().multipliedBy(2);
      return new Window(next.compareTo(MAX) > 0 ? MAX : next, now);
    });
  }

  public void forget(String daemonSetUid) {
    windows.keySet().removeIf(k -> k.startsWith(daemonSetUid + "/"));
  }

  /** Drops windows idle for twice the maximum; called now and then so the map cannot grow forever. */
  public void gc(Instant now) {
    windows.values().removeIf(w -> Duration.between(w.updatedAt(), now).compareTo(MAX.multipliedBy(2)) > 0);
  }
}
