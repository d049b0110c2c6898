package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wraps the store's WebSocket watch (the one fabric8 informers use) so that the watch's label and field
 * selectors are evaluated here: the store would ignore set-based selectors and most field selectors.
 */
final class FilteringWebSocketListener extends WebSocketListener {
  private static final Executor CLOSER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sandbox-watch-closer");
    t.setDaemon(true);
    return t;
  });
  private final WebSocketListener delegate;
  private final WatchFilter filter;
  private final ObjectStore store;
  private volatile FilteringWebSocket socket;

  FilteringWebSocketListener(WebSocketListener delegate, WatchFilter filter, ObjectStore store) {
    this.delegate = delegate;
    this.filter = filter;
    this.store = store;
  }

  private FilteringWebSocket wrap(WebSocket ws) {
    FilteringWebSocket s = socket;
    if (s == null || s.delegate != ws) {
      s = new FilteringWebSocket(ws, filter);
      socket = s;
    }
    return s;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(wrap(webSocket), response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(wrap(webSocket), response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(wrap(webSocket), text);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(wrap(webSocket), bytes);
  }

  @Override
  public void onPing(WebSocket webSocket, byte[] bytes) {
    delegate.onPing(wrap(webSocket), bytes);
  }

  /**
   * The store's watch closes by waiting (up to a minute) for its sender thread, whose queued sends each
   * wait (up to 30 s) for the event loop to complete a write. Run on the event loop, as the mock does,
   * the two wait for each other and every request behind them stalls: under 50,000 pods a closing
   * watch froze the whole server for half a minute at a time. So the watch is first detached from the
   * store (no new sends), its queued sends are dropped, and its close runs on another thread.
   */
  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    FilteringWebSocket wrapped = wrap(webSocket);
    wrapped.closed = true;
    delegate.onClosing(wrapped, code, reason);
  }

  /*
   * The mock's watch listener, once its socket is closed, waits for its sender thread to finish, and a
   * send in progress waits for a write that completes on this event loop. Called on the event loop, the
   * two wait on each other until the send gives up after 30 s, freezing every connection of that loop
   * (a client that stops watching while events flow, e.g. rollout status finishing). Off the loop, the
   * write completes at once.
   */
  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    FilteringWebSocket wrapped = wrap(webSocket);
    wrapped.closed = true;
    closeOffTheEventLoop(() -> delegate.onClosed(wrapped, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    FilteringWebSocket wrapped = wrap(webSocket);
    wrapped.closed = true;
    closeOffTheEventLoop(() -> delegate.onFailure(wrapped, t, response));
  }

  private void closeOffTheEventLoop(Runnable close) {
    if (store.detachWatch(delegate)) {
      CLOSER.execute(close);
    } else {
      close.run();
    }
  }

  private static final class FilteringWebSocket implements WebSocket {
    private final WebSocket delegate;
    private final WatchFilter filter;
    private volatile boolean closed;

    FilteringWebSocket(WebSocket delegate, WatchFilter filter) {
      this.delegate = delegate;
      this.filter = filter;
    }

    @Override
    public RecordedRequest request() {
      return delegate.request();
    }

    @Override
    public synchronized boolean send(String text) {
      if (closed) {
        return false;
      }
      JsonNode event = Json.parse(text);
      JsonNode object = event.path("object");
      String type = Json.text(event.path("type"));
      if (!object.isObject() || type == null || "ERROR".equals(type) || "BOOKMARK".equals(type)) {
        return delegate.send(text);
      }
      String shown = filter.translate(type, object);
      if (shown == null) {
        return true;
      }
      if (!shown.equals(type)) {
        ((ObjectNode) event).put("type", shown);
        return delegate.send(Json.write(event));
      }
      return delegate.send(text);
    }

    @Override
    public boolean send(byte[] bytes) {
      return !closed && delegate.send(bytes);
    }

    @Override
    public boolean close(int code, String reason) {
      closed = true;
      return delegate.close(code, reason);
    }
  }
}
