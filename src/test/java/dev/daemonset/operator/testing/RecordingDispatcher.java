package dev.daemonset.operator.testing;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
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
    calls.add(new ApiCall(request.getMethod(), request.getPath(), instance));
    return delegate.dispatch(request);
  }

  List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  void isolate(String instance) {
    isolated.add(instance);
  }

  void reconnect(String instance) {
    isolated.remove(instance);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
