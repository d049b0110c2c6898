package dev.daemonset.operator.testing;

import dev.daemonset.operator.sandbox.apiserver.Json;
import dev.daemonset.operator.sandbox.apiserver.StrategicMergePatch;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

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
            return new MockResponse()
                    .setResponseCode(503)
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            + "\"status\":\"Failure\",\"message\":\"isolated by the test\",\"code\":503}");
        }
        Duration hold = instance == null ? null : heldAll.get(instance);
        if (hold == null && instance != null && isPodWrite(request)) {
            hold = heldPodWrites.get(instance);
        }
        calls.add(new ApiCall(
                request.getMethod(),
                request.getPath(),
                instance,
                System.nanoTime() + (hold == null ? 0 : hold.toNanos())));
        MockResponse response =
                isStrategicMergePatch(request) ? strategicMergePatch(request) : delegate.dispatch(request);
        return hold == null ? response : response.setBodyDelay(hold);
    }

    private static boolean isStrategicMergePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return "PATCH".equals(request.getMethod())
                && type != null
                && type.startsWith("application/strategic-merge-patch+json");
    }

    /**
     * fabric8's CRUD store has no strategic merge patch: applied here as the API server applies it,
     * with the sandbox's implementation, a uid in the patch checked as a precondition.
     */
    private MockResponse strategicMergePatch(RecordedRequest request) {
        String path = request.getPath();
        MockResponse current = delegate.dispatch(
                new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, request.getHeaders(), new Buffer()));
        if (current.code() != 200) {
            return current;
        }
        JsonNode stored = Json.parse(current.getBody().readUtf8());
        JsonNode patch = Json.parse(request.getBody().readUtf8());
        String uid = Json.text(patch.path("metadata").path("uid"));
        if (uid != null && !uid.equals(Json.uid(stored))) {
            return new MockResponse()
                    .setResponseCode(409)
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            + "\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,\"message\":\"Operation cannot be "
                            + "fulfilled: Precondition failed: UID in precondition: " + uid + ", UID in object meta: "
                            + Json.uid(stored)
                            + "\"}");
        }
        JsonNode patched = StrategicMergePatch.apply(stored, patch);
        Buffer body = new Buffer();
        body.write(Json.write(patched).getBytes(StandardCharsets.UTF_8));
        return delegate.dispatch(new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PUT,
                path,
                request.getHeaders()
                        .newBuilder()
                        .set("Content-Type", "application/json")
                        .build(),
                body));
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
