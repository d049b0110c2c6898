package dev.daemonset.operator.sandbox.apiserver;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Streaming watches over plain HTTP ({@code GET ...?watch=true} without a WebSocket upgrade), the way
 * kubectl {@code get -w} and {@code wait} watch: one JSON watch event per chunk, for as long as the client
 * stays connected. The mock has no such thing; events come from the store's change feed, so a watch
 * from a list's resourceVersion misses nothing that happened in between.
 */
public final class HttpWatchStreams {
    private final Vertx vertx;
    private final ObjectStore store;
    private final ResourceRegistry registry;
    private final Tables tables;

    public HttpWatchStreams(Vertx vertx, ObjectStore store, ResourceRegistry registry, Tables tables) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.tables = tables;
    }

    /** True for a watch that is not a WebSocket upgrade. */
    public static boolean isHttpWatch(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            return false;
        }
        String upgrade = req.getHeader("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
            return false;
        }
        String query = req.query();
        if (query == null) {
            return false;
        }
        RequestInfo info = RequestInfo.parse(req.uri());
        return info != null && info.isWatch();
    }

    public void serve(HttpServerRequest req) {
        RequestInfo info = RequestInfo.parse(req.uri());
        Optional<ResourceType> type = registry.find(info.group(), info.version(), info.plural());
        HttpServerResponse response = req.response();
        if (type.isEmpty()) {
            response.setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end(ApiDispatcher.body(
                            ApiDispatcher.status(404, "NotFound", "the server could not find the requested resource")));
            return;
        }
        Long from = info.watchFrom();
        WatchFilter filter;
        try {
            filter = from == null ? WatchFilter.of(info, type.get()) : WatchFilter.resuming(info, type.get());
        } catch (IllegalArgumentException e) {
            response.setStatusCode(400)
                    .putHeader("Content-Type", "application/json")
                    .end(ApiDispatcher.body(ApiDispatcher.status(400, "BadRequest", e.getMessage())));
            return;
        }
        boolean asTable = Tables.wantsTable(req.getHeader("Accept"));
        String includeObject = info.param("includeObject");
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        response.writeHead();

        Context context = vertx.getOrCreateContext();
        AtomicBoolean open = new AtomicBoolean(true);
        AtomicBoolean columnsSent = new AtomicBoolean(false);
        Consumer<StoreEvent> listener = event -> context.runOnContext(v -> {
            if (!open.get() || response.closed() || response.ended()) {
                return;
            }
            String shown = filter.translate(event.type(), event.object());
            if (shown == null) {
                return;
            }
            if (!asTable) {
                response.write(event.watchLine(shown) + "\n");
                return;
            }
            JsonNode table = tables.table(
                    type.get(),
                    List.of(event.object()),
                    String.valueOf(event.resourceVersion()),
                    includeObject,
                    !columnsSent.getAndSet(true));
            response.write(WatchLines.of(shown, Json.write(table)) + "\n");
        });
        Runnable stop = () -> {
            if (open.compareAndSet(true, false)) {
                store.removeListener(listener);
            }
        };
        response.closeHandler(v -> stop.run());
        response.exceptionHandler(e -> stop.run());
        if (!store.subscribe(from, listener)) {
            open.set(false);
            response.end(WatchLines.expired(from, store.currentResourceVersion()) + "\n");
            return;
        }
        String timeout = info.param("timeoutSeconds");
        if (timeout != null && !timeout.isEmpty()) {
            long seconds = Long.parseLong(timeout);
            if (seconds > 0) {
                vertx.setTimer(
                        seconds * 1000,
                        id -> context.runOnContext(v -> {
                            stop.run();
                            if (!response.ended() && !response.closed()) {
                                response.end();
                            }
                        }));
            }
        }
    }
}
