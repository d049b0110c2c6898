package dev.daemonset.operator.cli;

import dev.daemonset.operator.sandbox.apiserver.Json;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * fabric8's CRUD mock plus what it lacks for drain: the pods/eviction subresource (a PodDisruptionBudget is
 * simulated by naming the pods whose eviction it refuses with 429), dry-run writes, which it would apply, and
 * the field selector spec.nodeName, which it would answer with no pods.
 * Until the sandbox's API server serves pods/eviction, this is where drain meets an API server.
 */
final class EvictionDispatcher extends Dispatcher {
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction.*");

    /** An eviction request as received: the pod and the body. */
    record Eviction(String namespace, String name, JsonNode body) {}

    private final Dispatcher store;
    /** Pods a PodDisruptionBudget protects: their eviction is answered 429. */
    final Set<String> blocked = ConcurrentHashMap.newKeySet();
    /** Pods whose eviction is accepted but that stay until the test deletes them (a long grace period). */
    final Set<String> lingering = ConcurrentHashMap.newKeySet();

    final List<Eviction> evictions = new CopyOnWriteArrayList<>();
    /** False: answer every eviction 404, as an API server without the subresource does. */
    volatile boolean servesEviction = true;

    final List<String> writes = new CopyOnWriteArrayList<>();

    EvictionDispatcher(Dispatcher store) {
        this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (!"GET".equals(request.getMethod())) {
            writes.add(request.getMethod() + " " + path);
        }
        Matcher eviction = EVICTION.matcher(path);
        if ("POST".equals(request.getMethod()) && eviction.matches()) {
            return evict(
                    eviction.group(1),
                    eviction.group(2),
                    Json.parse(request.getBody().readUtf8()));
        }
        if ("GET".equals(request.getMethod()) && path.contains("fieldSelector=spec.nodeName")) {
            // the CRUD mock selects on metadata fields only; drain checks spec.nodeName itself as well
            return store.dispatch(get(path.replaceAll("fieldSelector=spec.nodeName[^&]*&?", "")));
        }
        if (!"GET".equals(request.getMethod()) && path.contains("dryRun=All")) {
            return store.dispatch(get(path.substring(0, path.indexOf('?'))));
        }
        return store.dispatch(request);
    }

    /** Answers an eviction, then records it: once a test sees it recorded, its answer is decided. */
    private MockResponse evict(String namespace, String name, JsonNode body) {
        MockResponse response = answerEviction(namespace, name, body);
        evictions.add(new Eviction(namespace, name, body));
        return response;
    }

    private MockResponse answerEviction(String namespace, String name, JsonNode body) {
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        if (!servesEviction) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        if (store.dispatch(get(podPath)).code() == 404) {
            return status(404, "NotFound", "pods \"" + name + "\" not found");
        }
        if (blocked.contains(name)) {
            return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
        }
        boolean dryRun = body.path("deleteOptions").path("dryRun").toString().contains("All");
        if (!dryRun && !lingering.contains(name)) {
            store.dispatch(new RecordedRequest(
                    "HTTP/1.1",
                    HttpMethod.DELETE,
                    podPath,
                    io.fabric8.mockwebserver.http.Headers.builder().build(),
                    new Buffer()));
        }
        return new MockResponse()
                .setResponseCode(201)
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}");
    }

    private static RecordedRequest get(String path) {
        return new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.GET,
                path,
                io.fabric8.mockwebserver.http.Headers.builder().build(),
                new Buffer());
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse()
                .setResponseCode(code)
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"" + reason + "\",\"code\":" + code + ",\"message\":\""
                        + message
                        + "\"}");
    }
}
