package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded API server: fabric8's CRUD store behind {@link ApiDispatcher}, served on 127.0.0.1 by
 * a Vert.x HTTP server. Requests go through the mock web server's own request handler (body reading,
 * WebSocket upgrades for watches), except HTTP-streaming watches, which the mock cannot serve (its
 * responses are complete bodies) and {@link HttpWatchStreams} serves instead.
 *
 * <p>{@link #restart} stops listening and listens again on the same port with the same store, as an API
 * server restarting over persistent etcd data does: connections and watches drop, objects stay.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String HOST = "127.0.0.1";

    private final Vertx vertx;
    private final Handler<HttpServerRequest> requestHandler;
    private volatile HttpServer server;
    private final int port;
    private final ObjectStore store;
    private final ApiDispatcher dispatcher;
    private final ResourceRegistry registry;
    private final DeletePolicies deletePolicies;
    private final List<RequestListener> listeners;

    /** Sees every request the server answered (except HTTP-streaming watches), after it was answered. */
    @FunctionalInterface
    public interface RequestListener {
        void answered(RecordedRequest request, MockResponse response);
    }

    private ApiServer(
            Vertx vertx,
            Handler<HttpServerRequest> requestHandler,
            HttpServer server,
            ObjectStore store,
            ApiDispatcher dispatcher,
            ResourceRegistry registry,
            DeletePolicies deletePolicies,
            List<RequestListener> listeners) {
        this.vertx = vertx;
        this.requestHandler = requestHandler;
        this.server = server;
        this.port = server.actualPort();
        this.store = store;
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.deletePolicies = deletePolicies;
        this.listeners = listeners;
    }

    /** Starts listening on 127.0.0.1:{@code port} (0 picks a free port). */
    public static ApiServer start(int port, Clock clock) {
        return start(port, clock, UnaryOperator.identity());
    }

    /**
     * Starts listening on 127.0.0.1:{@code port}, with every HTTP request (not the sandbox's own internal
     * calls) going through {@code wrapper}'s dispatcher, which gets the real one to delegate to: the place
     * tests inject faults.
     */
    public static ApiServer start(int port, Clock clock, UnaryOperator<Dispatcher> wrapper) {
        return start(port, clock, wrapper, true);
    }

    /**
     * As {@link #start(int, Clock, UnaryOperator)}; {@code validateCustomResources} false stores custom
     * resources without checking them against their CRD's schema and rules.
     */
    public static ApiServer start(
            int port, Clock clock, UnaryOperator<Dispatcher> wrapper, boolean validateCustomResources) {
        ObjectStore store = new ObjectStore(
                List.of(
                        builtInWithStatus(null, "v1", "pods", "Pod", true),
                        builtInWithStatus(null, "v1", "nodes", "Node", false),
                        builtInWithStatus("apps", "v1", "deployments", "Deployment", true),
                        builtInWithStatus("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true)),
                clock);
        ResourceRegistry registry = new ResourceRegistry(store::customResourceDefinitions);
        Tables tables = new Tables(clock);
        DeletePolicies deletePolicies = new DeletePolicies();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(4)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        HttpWatchStreams watches = new HttpWatchStreams(vertx, store, registry, tables);
        Dispatcher[] dispatcherRef = new Dispatcher[1];
        List<RequestListener> listeners = new CopyOnWriteArrayList<>();
        HttpServerRequestHandler mockHandler = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                MockResponse response = dispatcherRef[0].dispatch(request);
                for (RequestListener listener : listeners) {
                    listener.answered(request, response);
                }
                if (LOG.isTraceEnabled()) {
                    LOG.trace("{} {} -> {}", request.getMethod(), request.getPath(), response.code());
                }
                return response;
            }
        };
        Handler<HttpServerRequest> requestHandler = req -> {
            // the mock reads a body only with a Content-Length or a Content-Type; kubectl create --raw -f streams
            // the file chunked without either, and the API server takes such a body for JSON
            if (req.headers().get("Content-Type") == null
                    && req.headers().get("Content-Length") == null
                    && "chunked".equalsIgnoreCase(req.headers().get("Transfer-Encoding"))) {
                req.headers().set("Content-Type", "application/json");
            }
            if (HttpWatchStreams.isHttpWatch(req)) {
                watches.serve(req);
            } else {
                mockHandler.handle(req);
            }
        };
        HttpServer listening;
        try {
            listening = listen(vertx, port, requestHandler);
        } catch (RuntimeException e) {
            await(vertx.close());
            throw e;
        }
        String address = HOST + ":" + listening.actualPort();
        ApiDispatcher dispatcher = new ApiDispatcher(
                store, registry, new Discovery(registry, address), tables, deletePolicies, validateCustomResources);
        dispatcherRef[0] = wrapper.apply(dispatcher);
        LOG.info("API server listening on http://{}", address);
        return new ApiServer(vertx, requestHandler, listening, store, dispatcher, registry, deletePolicies, listeners);
    }

    private static HttpServer listen(Vertx vertx, int port, Handler<HttpServerRequest> requestHandler) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(HOST)
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v5.channel.k8s.io")));
        server.requestHandler(requestHandler);
        try {
            return await(server.listen());
        } catch (RuntimeException e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof java.net.BindException) {
                throw new IllegalStateException(
                        "cannot listen on " + HOST + ":" + port + ": address already in use "
                                + "(choose another port; 0 picks a free one)",
                        e);
            }
            throw e;
        }
    }

    /**
     * Closes every connection (clients see their requests and watches fail), stays down for
     * {@code downtime}, then listens on the same port again with the same objects.
     */
    public void restart(Duration downtime) throws InterruptedException {
        restart(downtime, () -> {});
    }

    /**
     * As {@link #restart(Duration)}; {@code whileDown} runs once every connection is closed, e.g. to change
     * the objects as a write the server committed but could neither answer nor tell its watchers about.
     */
    public void restart(Duration downtime, Runnable whileDown) throws InterruptedException {
        long down = System.nanoTime();
        stopListening();
        whileDown.run();
        Thread.sleep(Math.max(0, downtime.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down)));
        listenAgain();
    }

    /** Closes every connection and stops listening; the objects stay (see {@link #listenAgain}). */
    public void stopListening() {
        LOG.info("API server stopping: closing every connection, keeping the objects");
        await(server.close());
    }

    /** Listens again on the same port, with the same objects, after {@link #stopListening}. */
    public void listenAgain() {
        server = listen(vertx, port, requestHandler);
        LOG.info("API server listening again on {}", url());
    }

    private static CustomResourceDefinitionContext builtInWithStatus(
            String group, String version, String plural, String kind, boolean namespaced) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group) // null for the core group, as the store keys it
                .withVersion(version)
                .withPlural(plural)
                .withKind(kind)
                .withScope(namespaced ? "Namespaced" : "Cluster")
                .withStatusSubresource(true)
                .build();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + HOST + ":" + port();
    }

    public ObjectStore store() {
        return store;
    }

    public ApiDispatcher dispatcher() {
        return dispatcher;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public DeletePolicies deletePolicies() {
        return deletePolicies;
    }

    /** Listeners run on the server's event loop: they must be quick and must not block. */
    public void addRequestListener(RequestListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        try {
            await(server.close());
        } catch (RuntimeException e) {
            LOG.debug("closing the HTTP server", e);
        }
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            LOG.debug("closing Vert.x", e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("API server: " + e.getMessage(), e);
        }
    }
}
