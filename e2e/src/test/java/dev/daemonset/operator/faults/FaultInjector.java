package dev.daemonset.operator.faults;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sits in front of the sandbox API server's dispatcher and misbehaves, but only towards operator
 * clients (requests carrying {@link #INSTANCE_HEADER}): the simulated scheduler, kubelet and the
 * test's own client always get the truth.
 *
 * <p>A timeout is a response held back longer than the client waits; "applied" means the server
 * did the write first, "lost" that it never did. Lease faults hit only one instance's requests for
 * its Lease; a held create is neither applied nor answered, for the scenario to commit itself. The sandbox store does not check the
 * resourceVersion of status writes; this does, for operator clients, as a real API server would,
 * and can add conflicts of its own.
 */
final class FaultInjector extends Dispatcher {
    static final String INSTANCE_HEADER = "X-Operator-Instance";
    private static final Pattern POD_COLLECTION = Pattern.compile("^/api/v1/namespaces/[^/]+/pods$");
    private static final Pattern POD_OBJECT = Pattern.compile("^/api/v1/namespaces/[^/]+/pods/([^/]+)$");
    private static final Pattern DAEMONSET_STATUS =
            Pattern.compile("^(/apis/daemonset\\.dev/v1alpha1/namespaces/[^/]+/daemonsets/[^/]+)/status$");
    private static final Pattern DAEMONSET_OBJECT =
            Pattern.compile("^/apis/daemonset\\.dev/v1alpha1/namespaces/[^/]+/daemonsets/[^/]+(/status)?$");
    private static final int MAX_PORT = 65535;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Random random;
    private final Duration heldFor;
    private final Object daemonSetWrites = new Object();
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    /** Per instance, its writes that passed the kill check and are still being applied. */
    private final Map<String, AtomicInteger> writesBeingApplied = new ConcurrentHashMap<>();

    private final Map<String, String> podCreator = new ConcurrentHashMap<>();
    private final Map<String, LeaseFault> leaseFaults = new ConcurrentHashMap<>();
    private final List<OperatorCall> calls = new CopyOnWriteArrayList<>();
    private final Set<String> podDeletesSent = ConcurrentHashMap.newKeySet();
    private final Map<FaultKind, AtomicInteger> counts = new EnumMap<>(FaultKind.class);
    private final AtomicInteger statusConflictsLeft = new AtomicInteger();
    private volatile Dispatcher delegate;
    private volatile WriteFaults podWriteFaults = WriteFaults.NONE;
    private volatile boolean rejectInvalidContainerPorts;
    private final AtomicReference<CompletableFuture<RecordedRequest>> heldCreate = new AtomicReference<>();

    /**
     * @param heldFor how long a "timed out" response is held back; longer than the client's request timeout
     */
    FaultInjector(long seed, Duration heldFor) {
        this.random = new Random(seed);
        this.heldFor = heldFor;
        for (FaultKind k : FaultKind.values()) {
            counts.put(k, new AtomicInteger());
        }
    }

    /** For {@code SandboxOptions.withApiWrapper}: wraps the API server's own dispatcher. */
    Dispatcher wrap(Dispatcher apiDispatcher) {
        this.delegate = apiDispatcher;
        return this;
    }

    void failPodWrites(WriteFaults faults) {
        this.podWriteFaults = faults;
    }

    /** The next {@code n} status writes of operator clients get 409 Conflict, whatever their resourceVersion. */
    void conflictStatusWrites(int n) {
        statusConflictsLeft.set(n);
    }

    /**
     * Pod creates whose container ports the real API server would refuse get its 422 answer. Ports, because
     * the DaemonSet CRD does not check them (it checks container names), so such a template is stored and
     * only the pod create fails, as on a cluster.
     */
    void rejectInvalidContainerPorts() {
        rejectInvalidContainerPorts = true;
    }

    /**
     * From now on every lease request of {@code instance} (and only those) meets {@code fault}: a partition,
     * or an overloaded coordination path, while its other requests still work. A leader must then stop
     * writing on its own.
     */
    void failLeaseRequests(String instance, LeaseFault fault) {
        leaseFaults.put(instance, fault);
    }

    /**
     * The next pod create of an operator is neither applied nor answered: the returned future gets the
     * request, for the scenario to commit when it chooses (as an API server that committed a write and died
     * before answering it or telling any watcher). The answer never comes; the client times out, or loses the
     * connection when the server goes down.
     */
    CompletableFuture<RecordedRequest> holdNextPodCreate() {
        CompletableFuture<RecordedRequest> held = new CompletableFuture<>();
        heldCreate.set(held);
        return held;
    }

    /**
     * Everything {@code instance} sends from now on is refused, as if its process had died. Returns once
     * a write it sent just before has been applied: a dead process's last request lands before its
     * successor starts, not after that successor has listed the pods (when it would be a second writer).
     */
    void kill(String instance) {
        killed.add(instance);
        AtomicInteger applying = writesBeingApplied.computeIfAbsent(instance, k -> new AtomicInteger());
        Awaitility.await("writes of " + instance + " that passed the kill check")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> applying.get() == 0);
    }

    /** The instance whose create made this pod, or null if no operator instance made it. */
    String creatorOf(String podName) {
        return podCreator.get(podName);
    }

    List<OperatorCall> calls() {
        return List.copyOf(calls);
    }

    /** Whether an operator sent a delete for this pod (recorded before the server acts on it). */
    boolean operatorSentDelete(String podName) {
        return podDeletesSent.contains(podName);
    }

    int count(FaultKind kind) {
        return counts.get(kind).get();
    }

    Map<FaultKind, Integer> counts() {
        Map<FaultKind, Integer> out = new EnumMap<>(FaultKind.class);
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = pathOf(request.getPath());
        if (DAEMONSET_OBJECT.matcher(path).matches() && isWrite(request.getMethod())) {
            // serialised so that checking a resourceVersion and writing are one step
            synchronized (daemonSetWrites) {
                return route(request, path);
            }
        }
        return route(request, path);
    }

    private MockResponse route(RecordedRequest request, String path) {
        String instance = request.getHeader(INSTANCE_HEADER);
        if (instance == null) {
            return delegate.dispatch(request);
        }
        if (!isWrite(request.getMethod())) {
            return routeOperatorCall(request, path, instance);
        }
        // counted before the kill check, so that kill() either refuses this write or waits for it
        AtomicInteger applying = writesBeingApplied.computeIfAbsent(instance, k -> new AtomicInteger());
        applying.incrementAndGet();
        try {
            MockResponse response = routeOperatorCall(request, path, instance);
            if ("POST".equals(request.getMethod()) && isPodCollection(path) && response.code() == 201) {
                podCreator.put(createdName(response), instance);
            }
            return response;
        } finally {
            applying.decrementAndGet();
        }
    }

    private MockResponse routeOperatorCall(RecordedRequest request, String path, String instance) {
        String method = request.getMethod();
        Matcher podObject = POD_OBJECT.matcher(path);
        String podName = "DELETE".equals(method) && podObject.matches() ? podObject.group(1) : null;
        FaultKind fault = chooseFault(request, method, path, podName);
        boolean podCreate = "POST".equals(method) && isPodCollection(path);
        calls.add(new OperatorCall(
                System.nanoTime(),
                instance,
                method,
                path,
                podCreate
                        ? JSON.readTree(body(request))
                                .path("metadata")
                                .path("generateName")
                                .asString(null)
                        : podName,
                fault));
        if (podName != null) {
            podDeletesSent.add(podName);
        }
        if (fault == null) {
            return delegate.dispatch(request);
        }
        counts.get(fault).incrementAndGet();
        return switch (fault) {
            case SERVER_ERROR -> status(500, "InternalError", "Internal error occurred: injected by the fault suite");
            case SERVER_ERROR_APPLIED -> {
                MockResponse applied = delegate.dispatch(request);
                yield applied.code() >= 300
                        ? applied
                        : status(
                                500,
                                "InternalError",
                                "Internal error occurred: injected by the fault suite after applying");
            }
            case CONFLICT -> status(409, "Conflict", "Operation cannot be fulfilled: injected conflict");
            case TIMEOUT_APPLIED -> delegate.dispatch(request).setBodyDelay(heldFor);
            case TIMEOUT_LOST ->
                status(504, "Timeout", "never seen by the client").setBodyDelay(heldFor);
            case STATUS_CONFLICT, STALE_STATUS ->
                status(
                        409,
                        "Conflict",
                        "Operation cannot be fulfilled on daemonsets.daemonset.dev: "
                                + "the object has been modified; please apply your changes to the latest version and try again");
            case REJECTED_TEMPLATE -> status(422, "Invalid", invalidContainerMessage(request));
            case PROCESS_KILLED -> status(503, "ServiceUnavailable", "the process that sent this is dead");
            case CREATE_HELD ->
                status(504, "Timeout", "never seen by the client").setBodyDelay(Duration.ofMinutes(10));
            case LEASE_REFUSED -> status(503, "ServiceUnavailable", "the lease cannot be reached from this instance");
            case LEASE_THROTTLED ->
                status(429, "TooManyRequests", "Too many requests, please try again later.")
                        .setHeader(
                                "Retry-After",
                                String.valueOf(
                                        leaseFaults.get(instance).retryAfter().toSeconds()));
            case LEASE_HELD ->
                delegate.dispatch(request)
                        .setBodyDelay(leaseFaults.get(instance).heldFor());
        };
    }

    private FaultKind chooseFault(RecordedRequest request, String method, String path, String podName) {
        if (killed.contains(request.getHeader(INSTANCE_HEADER))) {
            return FaultKind.PROCESS_KILLED;
        }
        if (path.startsWith("/apis/coordination.k8s.io/")
                && leaseFaults.containsKey(request.getHeader(INSTANCE_HEADER))) {
            return leaseFaults.get(request.getHeader(INSTANCE_HEADER)).kind();
        }
        boolean podCreate = "POST".equals(method) && isPodCollection(path);
        CompletableFuture<RecordedRequest> held = podCreate ? heldCreate.getAndSet(null) : null;
        if (held != null) {
            held.complete(request);
            return FaultKind.CREATE_HELD;
        }
        if (podCreate && rejectInvalidContainerPorts && invalidContainerMessage(request) != null) {
            return FaultKind.REJECTED_TEMPLATE;
        }
        if (podCreate || podName != null) {
            return drawPodWriteFault();
        }
        Matcher status = DAEMONSET_STATUS.matcher(path);
        if ("PUT".equals(method) && status.matches()) {
            if (statusConflictsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return FaultKind.STATUS_CONFLICT;
            }
            if (isStale(request, status.group(1))) {
                return FaultKind.STALE_STATUS;
            }
        }
        return null;
    }

    private FaultKind drawPodWriteFault() {
        WriteFaults f = podWriteFaults;
        double draw;
        boolean applied;
        synchronized (random) {
            draw = random.nextDouble();
            applied = random.nextBoolean();
        }
        if (draw < f.serverError()) {
            return applied ? FaultKind.SERVER_ERROR_APPLIED : FaultKind.SERVER_ERROR;
        }
        if (draw < f.serverError() + f.conflict()) {
            return FaultKind.CONFLICT;
        }
        if (draw < f.serverError() + f.conflict() + f.timeout()) {
            return applied ? FaultKind.TIMEOUT_APPLIED : FaultKind.TIMEOUT_LOST;
        }
        return null;
    }

    private boolean isStale(RecordedRequest request, String objectPath) {
        String sent = JSON.readTree(body(request))
                .path("metadata")
                .path("resourceVersion")
                .asString(null);
        MockResponse current = delegate.dispatch(
                new RecordedRequest("HTTP/1.1", HttpMethod.GET, objectPath, request.getHeaders(), new Buffer()));
        if (current.code() != 200 || sent == null) {
            return false;
        }
        String stored = JSON.readTree(new String(current.getBody().getBytes(), StandardCharsets.UTF_8))
                .path("metadata")
                .path("resourceVersion")
                .asString(null);
        return !sent.equals(stored);
    }

    /** The API server's message for the first container port out of range in a pod, or null if all are valid. */
    private static String invalidContainerMessage(RecordedRequest request) {
        JsonNode pod = JSON.readTree(body(request));
        JsonNode containers = pod.path("spec").path("containers");
        for (int i = 0; i < containers.size(); i++) {
            JsonNode ports = containers.get(i).path("ports");
            for (int j = 0; j < ports.size(); j++) {
                long port = ports.get(j).path("containerPort").asLong(0);
                if (port < 1 || port > MAX_PORT) {
                    String podName = pod.path("metadata")
                            .path("name")
                            .asString(pod.path("metadata").path("generateName").asString(""));
                    return "Pod \"" + podName + "\" is invalid: spec.containers[" + i + "].ports[" + j
                            + "].containerPort: " + "Invalid value: " + port
                            + ": must be between 1 and 65535, inclusive";
                }
            }
        }
        return null;
    }

    private static String createdName(MockResponse created) {
        return JSON.readTree(new String(created.getBody().getBytes(), StandardCharsets.UTF_8))
                .path("metadata")
                .path("name")
                .asString("");
    }

    static boolean isPodCollection(String path) {
        return POD_COLLECTION.matcher(path).matches();
    }

    private static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static String body(RecordedRequest request) {
        return request.getBody() == null ? "{}" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static MockResponse status(int code, String reason, String message) {
        String json = JSON.createObjectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code)
                .toString();
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(json);
    }
}
