package dev.daemonset.operator.testing;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes every request to the CRUD dispatcher, recording it first, and cuts off clients on demand:
 * an isolated client gets 503 for everything, as a crashed or partitioned process would.
 */
final class RecordingDispatcher extends Dispatcher {
  private final Dispatcher delegate;
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final Set<String> isolated = ConcurrentHashMap.newKeySet();
  private final Map<String, Duration> heldPodWrites = new ConcurrentHashMap<>();
  private final Map<String, Duration> heldAll = new ConcurrentHashMap<>();

  RecordingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String instance = request.getHeader(MockCluster.INSTANCE_HEADER);
    if (instance != null && isolated.contains(instance)) {
      return new MockResponse().setResponseCode(503).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"status\":\"Failure\",\"message\":\"isolated by the test\",\"code\":503}");
    }
    Duration hold = instance == null ? null : heldAll.get(instance);
    if (hold == null && instance != null && isPodWrite(request)) {
      hold = heldPodWrites.get(instance);
    }
    calls.add(new ApiCall(request.getMethod(), request.getPath(), instance,
        System.nanoTime() + (hold == null ? 0 : hold.toNanos())));
    MockResponse response = delegate.dispatch(request);
    return hold == null ? response : response.setBodyDelay(hold);
  }

  private static boolean isPodWrite(RecordedRequest request) {
    String path = request.getPath();
    return !"GET".equals(request.getMethod()) && path.startsWith("/api/v1/namespaces/") && path.contains("/pods");
  }

  List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  void isolate(String instance) {
    isolated.add(instance);
  }

  void holdPodWrites(String instance, Duration hold) {
    heldPodWrites.put(instance, hold);
  }

  void holdEverything(String instance, Duration hold) {
    heldAll.put(instance, hold);
  }

  void reconnect(String instance) {
    isolated.remove(instance);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
