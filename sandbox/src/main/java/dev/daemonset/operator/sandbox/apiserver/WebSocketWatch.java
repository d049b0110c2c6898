package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * A WebSocket watch (the kind fabric8 informers open), served from the store's change feed as
 * {@link HttpWatchStreams} serves HTTP ones: a watch from a resourceVersion gets exactly the changes
 * after it, deletions included, or a 410 Gone when that version is no longer in the history, so a
 * client that reconnects (say after an API server restart) misses nothing and relists when it must.
 *
 * <p>The mock's own WebSocket watch is not used: it replays every object as ADDED on each reconnect
 * (so deletions in between are never reported), it stalls its event loop for up to 30 s when a client
 * closes a watch with events in flight, and while a closed watch winds down, writes fail with a 500
 * after they were applied and the other watchers miss their event.
 */
final class WebSocketWatch extends WebSocketListener {
    private final ObjectStore store;
    private final WatchFilter filter;
    private final Long fromResourceVersion;
    private volatile Consumer<StoreEvent> feed;

    /** {@code fromResourceVersion} null: first every current object as ADDED, then the changes. */
    WebSocketWatch(ObjectStore store, WatchFilter filter, Long fromResourceVersion) {
        this.store = store;
        this.filter = filter;
        this.fromResourceVersion = fromResourceVersion;
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
        // the store calls listeners under its write lock: sends are handed to the connection's event loop
        Context context = Vertx.currentContext();
        Consumer<StoreEvent> listener = event -> {
            String shown = filter.translate(event.type(), event.object());
            if (shown == null) {
                return;
            }
            String text = event.watchLine(shown);
            if (context == null) {
                socket.send(text);
            } else {
                context.runOnContext(v -> socket.send(text));
            }
        };
        feed = listener;
        if (!store.subscribe(fromResourceVersion, listener)) {
            feed = null;
            socket.send(WatchLines.expired(fromResourceVersion, store.currentResourceVersion()));
            socket.close(1000, "resourceVersion expired");
        }
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
        stop();
    }

    @Override
    public void onFailure(WebSocket socket, Throwable t, Response response) {
        stop();
    }

    private void stop() {
        Consumer<StoreEvent> listener = feed;
        feed = null;
        if (listener != null) {
            store.removeListener(listener);
        }
    }
}
