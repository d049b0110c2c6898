package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wrapping dispatcher in front of fabric8's CRUD store. It answers what the store cannot or gets
 * wrong (discovery, version, OpenAPI, Tables, set-based and arbitrary field selectors, paginated lists,
 * see {@link ListChunks}, merge and strategic merge patches, generateName, selector-based collection
 * deletes, Status bodies for errors, unknown fields under {@code fieldValidation=Strict|Warn}, see {@link FieldValidation}, the pods/eviction
 * subresource, see {@link Evictions}, the managedFields of a create, see {@link ManagedFields}),
 * records the propagation policy of deletes for the garbage collector, and passes everything else to the
 * store, with the query string removed from writes (the store drops a /status write that carries one).
 */
public final class ApiDispatcher extends Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String JSON = "application/json";
    /** kube-apiserver's limit on the body of a write (its MaxRequestBodyBytes, 3 MiB). */
    static final int MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATE_NAME_RETRIES = 7;
    private static final int MAX_GENERATED_PREFIX = 58;
    /** The sandbox's own writers (garbage collector, disruption controller) are controller-manager loops. */
    private static final String INTERNAL_USER_AGENT =
            "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/sandbox";

    private static final String VERSION = """
      {"major":"1","minor":"32","gitVersion":"v1.32.0","gitCommit":"0000000000000000000000000000000000000000",\
      "gitTreeState":"clean","buildDate":"2024-12-11T00:00:00Z","goVersion":"go1.23.3","compiler":"gc",\
      "platform":"linux/amd64"}""";

    private final ObjectStore store;
    private final ResourceRegistry registry;
    private final Discovery discovery;
    private final Tables tables;
    private final DeletePolicies deletePolicies;
    private final OpenApi openApi;
    private final CustomResourceValidation customResources;
    private final SecureRandom random = new SecureRandom();
    private final Evictions evictions;

    /**
     * @param validateCustomResources whether custom resources are pruned and validated against their CRD's
     *     schema and CEL rules, as by an API server; without it they are stored as sent, as by an old cluster
     *     or a direct etcd write
     */
    public ApiDispatcher(
            ObjectStore store,
            ResourceRegistry registry,
            Discovery discovery,
            Tables tables,
            DeletePolicies deletePolicies,
            boolean validateCustomResources) {
        this.customResources =
                validateCustomResources ? new CustomResourceValidation(store::customResourceDefinitions) : null;
        this.store = store;
        this.registry = registry;
        this.discovery = discovery;
        this.tables = tables;
        this.deletePolicies = deletePolicies;
        this.openApi = new OpenApi(registry);
        this.evictions = new Evictions(this, store, registry);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response;
        try {
            response = store.writingAs(writer(request), () -> route(request));
        } catch (ApiException e) {
            response = status(e.code, e.reason, e.getMessage(), e.details);
        } catch (IllegalArgumentException | JacksonException e) {
            response = status(400, "BadRequest", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
            response = status(500, "InternalError", String.valueOf(e.getMessage()));
        }
        if (response.getWebSocketListener() == null
                && response.getBody() != null
                && response.getBody().size() > 0
                && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    /** Calls the API from inside the sandbox (garbage collector), through the same rules as HTTP requests. */
    public MockResponse call(HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = Headers.builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        headers.add("User-Agent", INTERNAL_USER_AGENT);
        return dispatch(new RecordedRequest(
                "HTTP/1.1",
                method,
                path,
                headers.build(),
                new Buffer(body == null ? null : body.getBytes(StandardCharsets.UTF_8))));
    }

    private MockResponse route(RecordedRequest req) {
        String uri = req.getPath();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        switch (path) {
            case "/version", "/version/":
                return ok(VERSION);
            case "/healthz", "/livez", "/readyz":
                return new MockResponse()
                        .setResponseCode(200)
                        .setHeader("Content-Type", "text/plain")
                        .setBody("ok");
            case "/openapi/v3", "/openapi/v3/":
                return ok(Json.write(openApi.root()));
            default:
                break;
        }
        if (path.startsWith("/openapi/v3/")) {
            JsonNode doc = openApi.groupVersion(path.substring("/openapi/v3/".length()));
            return doc == null
                    ? status(404, "NotFound", "the server could not find the requested resource")
                    : ok(Json.write(doc));
        }
        if (path.startsWith("/openapi/")) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        if (Discovery.isDiscoveryPath(path)) {
            JsonNode doc = discovery.handle(path);
            return doc == null
                    ? status(404, "NotFound", "the server could not find the requested resource")
                    : ok(Json.write(doc));
        }
        if (req.getBody() != null && req.getBody().size() > MAX_REQUEST_BODY_BYTES) {
            return status(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_REQUEST_BODY_BYTES);
        }
        if (ProtobufBodies.isProtobuf(req.getHeader("Content-Type"))) {
            RecordedRequest asJson = asJson(req);
            if (asJson == null) {
                return status(
                        415,
                        "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media "
                                + "types include: application/json, application/yaml");
            }
            req = asJson;
        }
        String contentType = req.getHeader("Content-Type");
        RequestInfo info = RequestInfo.parse(uri);
        if (info == null) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        ResourceType type = registry.find(info.group(), info.version(), info.plural())
                .orElseThrow(
                        () -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
        HttpMethod method = req.method();
        if (Evictions.SUBRESOURCE.equals(info.subresource()) && Evictions.isPods(type)) {
            if (method != HttpMethod.POST) {
                throw new ApiException(
                        405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            }
            return evictions.evict(info, body(req));
        }
        if (info.subresource() != null && !("status".equals(info.subresource()) && type.hasStatus())) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return switch (method) {
            case GET ->
                info.isWatch()
                        ? webSocketWatch(info, type)
                        : info.isCollection() ? list(req, info, type) : get(req, info, type);
            case POST -> create(req, info, type);
            case PUT -> update(req, info, type, contentType);
            case PATCH -> patch(req, info, type, contentType);
            case DELETE -> info.isCollection() ? deleteCollection(info, type) : delete(req, info, type);
            default ->
                status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        };
    }

    /** The request with its protobuf body as JSON, or null if the body is not a built-in type's protobuf form. */
    private static RecordedRequest asJson(RecordedRequest req) {
        byte[] body = req.getBody() == null ? null : req.getBody().getBytes();
        return ProtobufBodies.toJson(body)
                .map(json -> new RecordedRequest(
                        req.getHttpVersion(),
                        req.method(),
                        req.getPath(),
                        req.getHeaders().newBuilder().set("Content-Type", JSON).build(),
                        new Buffer(Json.write(json).getBytes(StandardCharsets.UTF_8))))
                .orElse(null);
    }

    // ---- reads

    private MockResponse get(RecordedRequest req, RequestInfo info, ResourceType type) {
        MockResponse response = forward(req, HttpMethod.GET, info.path(), null, null, type, info);
        if (response.code() == 200 && !ObjectStore.isOf(type, Json.parse(body(response)))) {
            response = errorBody(new MockResponse().setResponseCode(404), type, info);
        }
        if (response.code() == 200 && Tables.wantsTable(req.getHeader("Accept"))) {
            JsonNode obj = Json.parse(body(response));
            String rv = Json.text(obj.path("metadata").path("resourceVersion"));
            return ok(Json.write(tables.table(type, List.of(obj), rv, info.param("includeObject"))));
        }
        return response;
    }

    private final ListSnapshots listSnapshots = new ListSnapshots();

    private MockResponse list(RecordedRequest req, RequestInfo info, ResourceType type) {
        LabelSelector labels = LabelSelector.parse(info.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(info.param("fieldSelector"));
        long limit = ListChunks.limit(info);
        ListChunks.Token from = isSet(info.param("continue")) ? ListChunks.decode(info.param("continue")) : null;
        if (from != null && !store.reachesBack(from.resourceVersion())) {
            throw ListChunks.expired();
        }
        boolean selective = isSet(info.param("labelSelector")) || isSet(info.param("fieldSelector"));
        ListChunks.Page page;
        String rv;
        if (EventConversion.isEvents(type)) {
            MockResponse response = store.dispatch(copy(req, HttpMethod.GET, info.path(), null, null));
            if (response.code() != 200) {
                return errorBody(response, type, info);
            }
            JsonNode body = Json.parse(body(response));
            rv = from != null
                    ? String.valueOf(from.resourceVersion())
                    : Json.text(
                            body.path("metadata").path("resourceVersion"),
                            String.valueOf(store.currentResourceVersion()));
            List<JsonNode> all = Json.elements(body.path("items"));
            all.addAll(EventConversion.fromOtherApi(store, registry, type, info.namespace()));
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode item : all) {
                if (ObjectStore.isOf(type, item)
                        && labels.matches(WatchFilter.labelsOf(item))
                        && fields.matches(item)) {
                    items.add(item);
                }
            }
            items.sort(Comparator.comparing(ListChunks::key));
            page = ListChunks.page(items, from, limit, Long.parseLong(rv), selective);
        } else {
            // read before the objects: a write in between is then in the list and again in a watch from
            // this version, never in neither
            rv = from != null ? String.valueOf(from.resourceVersion()) : String.valueOf(store.currentResourceVersion());
            String collection = type.collectionPath(info.namespace());
            List<ObjectStore.Unread> sorted =
                    from == null ? null : listSnapshots.get(collection, from.resourceVersion());
            if (sorted == null) {
                sorted = store.sortedUnread(collection);
            }
            page = ListChunks.page(
                    sorted,
                    item -> ObjectStore.isOf(type, item)
                            && labels.matches(WatchFilter.labelsOf(item))
                            && fields.matches(item),
                    from,
                    limit,
                    Long.parseLong(rv),
                    selective);
            if (page.continueToken() != null) {
                listSnapshots.keep(collection, Long.parseLong(rv), sorted);
            }
        }
        ObjectNode list;
        if (Tables.wantsTable(req.getHeader("Accept"))) {
            list = tables.table(type, page.items(), rv, info.param("includeObject"));
        } else {
            list = Json.object();
            list.put("apiVersion", type.groupVersion());
            list.put("kind", type.kind() + "List");
            list.putObject("metadata").put("resourceVersion", rv);
            ArrayNode array = list.putArray("items");
            page.items().forEach(array::add);
        }
        if (page.continueToken() != null) {
            ObjectNode metadata = Json.objectAt(list, "metadata");
            metadata.put("continue", page.continueToken());
            if (page.remainingItemCount() != null) {
                metadata.put("remainingItemCount", page.remainingItemCount());
            }
        }
        return ok(Json.write(list));
    }

    private MockResponse webSocketWatch(RequestInfo info, ResourceType type) {
        Long from = info.watchFrom();
        WatchFilter filter = from == null ? WatchFilter.of(info, type) : WatchFilter.resuming(info, type);
        return new MockResponse().withWebSocketUpgrade(new WebSocketWatch(store, filter, from));
    }

    // ---- writes

    private MockResponse create(RecordedRequest req, RequestInfo info, ResourceType type) {
        if (info.name() != null) {
            throw new ApiException(
                    405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
        JsonNode body = Json.parse(body(req));
        if (!(body instanceof ObjectNode obj)) {
            throw new ApiException(400, "BadRequest", "the request body must be a JSON object");
        }
        ObjectNode metadata = Json.objectAt(obj, "metadata");
        String name = Json.text(metadata.path("name"));
        String prefix = null;
        if (name == null || name.isEmpty()) {
            prefix = Json.text(metadata.path("generateName"));
            if (prefix == null || prefix.isEmpty()) {
                throw new ApiException(
                        422,
                        "Invalid",
                        type.kind() + " is invalid: metadata.name: Required value: name or "
                                + "generateName is required");
            }
            metadata.put("name", generatedName(prefix));
        }
        ObjectNames.checkName(type.kind(), Json.text(metadata.path("name")), prefix != null);
        ObjectMetaRules.enforce(type, obj);
        List<String> warnings = admit(info, type, obj, null);
        // the store drops the status of a kind with a status subresource on create: so nobody manages it
        ManagedFields.onCreate(obj, writer(req), store.isStatusSubresourceEnabledForResource(info.path()), store.now());
        if (isDryRun(info)) {
            return withWarnings(new MockResponse().setResponseCode(201).setBody(Json.write(obj)), warnings);
        }
        MockResponse response = forward(req, HttpMethod.POST, info.path(), JSON, Json.write(obj), type, info);
        // five random characters (27^5 names) make a collision more likely than not among 5,000 pods of one
        // DaemonSet; since 1.32 the API server then picks another name itself (KEP-4420), up to 7 more times
        for (int retry = 0; prefix != null && response.code() == 409 && retry < GENERATE_NAME_RETRIES; retry++) {
            metadata.put("name", generatedName(prefix));
            response = forward(req, HttpMethod.POST, info.path(), JSON, Json.write(obj), type, info);
        }
        return withWarnings(response, warnings);
    }

    private MockResponse update(RecordedRequest req, RequestInfo info, ResourceType type, String contentType) {
        String body = body(req);
        JsonNode parsed = body == null || body.isBlank() ? null : Json.parse(body);
        if (parsed instanceof ObjectNode written) {
            ObjectMetaRules.enforce(type, written);
        }
        if (validates(type) && parsed instanceof ObjectNode obj) {
            MockResponse current = store.dispatch(
                    copy(req, HttpMethod.GET, type.objectPath(info.namespace(), info.name()), null, null));
            if (current.code() == 200) {
                List<String> warnings = admit(info, type, obj, Json.parse(body(current)));
                return withWarnings(
                        forward(req, HttpMethod.PUT, info.path(), JSON, Json.write(obj), type, info), warnings);
            }
        }
        FieldValidation.Mode mode = fieldValidation(info);
        List<String> warnings =
                mode == FieldValidation.Mode.IGNORE || parsed == null ? List.of() : FieldValidation.check(mode, parsed);
        return withWarnings(forward(req, HttpMethod.PUT, info.path(), contentType, body, type, info), warnings);
    }

    /**
     * JSON patches go to the store as they are. Merge and strategic merge patches are applied here (the
     * store appends to lists on merge and has no strategic merge) and the result is written with a PUT, at
     * the resourceVersion read unless the patch names one; a conflict with a concurrent writer is retried.
     */
    private MockResponse patch(RecordedRequest req, RequestInfo info, ResourceType type, String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        String body = body(req);
        if (mediaType.equals("application/apply-patch+yaml") || mediaType.equals("application/apply-patch+cbor")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "server-side apply is not supported by the sandbox; "
                            + "use client-side apply (kubectl apply without --server-side)");
        }
        boolean strategic = mediaType.equals(STRATEGIC_PATCH);
        if (strategic && type.isCustom()) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml");
        }
        boolean jsonPatch = mediaType.equals(JSON_PATCH) && validates(type);
        if (!strategic && !jsonPatch && !mediaType.equals(MERGE_PATCH)) {
            if (isDryRun(info)) {
                return get(req, info, type);
            }
            MockResponse response = forward(req, HttpMethod.PATCH, info.path(), mediaType, body, type, info);
            if (response.code() == 202) {
                response.setResponseCode(200);
            }
            return response;
        }
        JsonNode patch = Json.parse(body);
        if (!patch.isObject() && !jsonPatch) {
            throw new ApiException(400, "BadRequest", "the patch must be a JSON object");
        }
        boolean explicitVersion = patch.path("metadata").has("resourceVersion");
        String objectPath = type.objectPath(info.namespace(), info.name());
        MockResponse response = null;
        List<String> warnings = List.of();
        for (int attempt = 0; attempt < 5; attempt++) {
            MockResponse current = store.dispatch(copy(req, HttpMethod.GET, objectPath, null, null));
            if (current.code() != 200) {
                return errorBody(current, type, info);
            }
            JsonNode original = Json.parse(body(current));
            requireSameUid(patch, original, type, info);
            JsonNode patched = strategic
                    ? StrategicMergePatch.apply(original, patch)
                    : jsonPatch ? JsonPatch.apply(original, patch) : JsonMergePatch.apply(original, patch);
            if (!(patched instanceof ObjectNode result)) {
                throw new ApiException(400, "BadRequest", "the patch must keep the object a JSON object");
            }
            if (!explicitVersion) {
                Json.objectAt(result, "metadata")
                        .set("resourceVersion", original.path("metadata").path("resourceVersion"));
            }
            ObjectMetaRules.enforce(type, result);
            warnings = admit(info, type, result, original);
            if (isDryRun(info)) {
                // the store, which records managedFields on a real write, never sees a dry run
                ManagedFields.onUpdate(original, result, writer(req), store.now());
                return withWarnings(ok(Json.write(result)), warnings);
            }
            response = store.dispatch(copy(req, HttpMethod.PUT, info.path(), JSON, Json.write(result)));
            if (response.code() != 409 || explicitVersion) {
                break;
            }
        }
        return response.code() >= 400 ? errorBody(response, type, info) : withWarnings(response, warnings);
    }

    private MockResponse delete(RecordedRequest req, RequestInfo info, ResourceType type) {
        String policy = propagationPolicy(info, body(req));
        MockResponse current =
                store.dispatch(copy(req, HttpMethod.GET, type.objectPath(info.namespace(), info.name()), null, null));
        if (current.code() != 200) {
            return errorBody(current, type, info);
        }
        if (isDryRun(info)) {
            return current;
        }
        JsonNode stored = Json.parse(body(current));
        checkPreconditions(body(req), stored, type, info);
        String uid = Json.uid(stored);
        deletePolicies.record(uid, policy);
        if (DeletePolicies.ORPHAN.equals(policy)) {
            deletePolicies.orphanDependents(uid);
        }
        return forward(req, HttpMethod.DELETE, info.path(), null, null, type, info);
    }

    /** DELETE on a collection: the store cannot evaluate selectors, so delete the matching objects one by one. */
    private MockResponse deleteCollection(RequestInfo info, ResourceType type) {
        LabelSelector labels = LabelSelector.parse(info.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(info.param("fieldSelector"));
        ObjectNode list = Json.object();
        list.put("apiVersion", type.groupVersion());
        list.put("kind", type.kind() + "List");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (JsonNode obj : store.list(type, info.namespace())) {
            if (labels.matches(WatchFilter.labelsOf(obj)) && fields.matches(obj)) {
                MockResponse r =
                        call(HttpMethod.DELETE, type.objectPath(Json.namespace(obj), Json.name(obj)), null, null);
                if (r.code() == 200) {
                    items.add(obj);
                }
            }
        }
        return ok(Json.write(list));
    }

    /**
     * A uid in a patch is a precondition, as controllers use it to adopt and release: the API server
     * refuses to change an object that is not the one they read.
     */
    private static void requireSameUid(JsonNode patch, JsonNode stored, ResourceType type, RequestInfo info) {
        String uid = Json.text(patch.path("metadata").path("uid"));
        String storedUid = Json.uid(stored);
        if (uid != null && !uid.isEmpty() && !uid.equals(storedUid)) {
            throw new ApiException(
                    409,
                    "Conflict",
                    "Operation cannot be fulfilled on " + type.plural() + " \"" + info.name()
                            + "\": Precondition failed: UID in precondition: " + uid + ", UID in object meta: "
                            + storedUid);
        }
    }

    /** DeleteOptions.preconditions, answered as the API server does when the stored object is another one. */
    private static void checkPreconditions(String body, JsonNode stored, ResourceType type, RequestInfo info) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode preconditions = Json.parse(body).path("preconditions");
        String uid = Json.text(preconditions.path("uid"));
        String resourceVersion = Json.text(preconditions.path("resourceVersion"));
        String storedUid = Json.uid(stored);
        String storedVersion = Json.text(stored.path("metadata").path("resourceVersion"));
        String failure = null;
        if (uid != null && !uid.isEmpty() && !uid.equals(storedUid)) {
            failure = "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + storedUid;
        } else if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals(storedVersion)) {
            failure = "Precondition failed: ResourceVersion in precondition: " + resourceVersion
                    + ", ResourceVersion in object meta: " + storedVersion;
        }
        if (failure != null) {
            throw new ApiException(
                    409,
                    "Conflict",
                    "Operation cannot be fulfilled on " + type.plural() + " \"" + info.name() + "\": " + failure);
        }
    }

    static String propagationPolicy(RequestInfo info, String body) {
        String policy = info.param("propagationPolicy");
        if ("true".equals(info.param("orphanDependents"))) {
            policy = DeletePolicies.ORPHAN;
        }
        if (body != null && !body.isBlank()) {
            JsonNode options = Json.parse(body);
            policy = Json.text(options.path("propagationPolicy"), policy);
            if (options.path("orphanDependents").asBoolean(false)) {
                policy = DeletePolicies.ORPHAN;
            }
        }
        return policy == null ? DeletePolicies.BACKGROUND : policy;
    }

    private boolean validates(ResourceType type) {
        return customResources != null && type.isCustom();
    }

    /**
     * What the API server does to an object before storing it: for a custom resource, prunes it and checks
     * it against its CRD (unless validation is skipped); for a built-in kind, reports unknown fields. Returns
     * the Warning header values; throws when the write must be refused.
     */
    private List<String> admit(RequestInfo info, ResourceType type, ObjectNode obj, JsonNode old) {
        if (!validates(type)) {
            return FieldValidation.check(fieldValidation(info), obj);
        }
        CustomResourceValidation.Write write = old == null
                ? CustomResourceValidation.Write.CREATE
                : "status".equals(info.subresource())
                        ? CustomResourceValidation.Write.STATUS
                        : CustomResourceValidation.Write.UPDATE;
        return customResources.admit(type, fieldValidation(info), obj, old, write);
    }

    private static FieldValidation.Mode fieldValidation(RequestInfo info) {
        return FieldValidation.mode(info.param("fieldValidation"));
    }

    /** Adds one Warning header per message (kubectl prints each as "Warning: ..."). */
    private static MockResponse withWarnings(MockResponse response, List<String> warnings) {
        if (response.code() < 400) {
            warnings.forEach(w -> response.addHeader("Warning", w));
        }
        return response;
    }

    private static boolean isDryRun(RequestInfo info) {
        String dryRun = info.param("dryRun");
        return dryRun != null && !dryRun.isEmpty();
    }

    /** The API server keeps at most 58 characters of generateName, so the name fits a 63-character label. */
    private String generatedName(String prefix) {
        return (prefix.length() > MAX_GENERATED_PREFIX ? prefix.substring(0, MAX_GENERATED_PREFIX) : prefix)
                + randomSuffix();
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    // ---- plumbing

    private static boolean isSet(String param) {
        return param != null && !param.isEmpty();
    }

    /** Who a request writes as, for managedFields. */
    private static ManagedFields.Writer writer(RecordedRequest req) {
        RequestInfo info = RequestInfo.parse(req.getPath());
        return new ManagedFields.Writer(
                ManagedFields.manager(info == null ? null : info.param("fieldManager"), req.getHeader("User-Agent")),
                info == null ? null : info.subresource());
    }

    private MockResponse forward(
            RecordedRequest req,
            HttpMethod method,
            String path,
            String contentType,
            String body,
            ResourceType type,
            RequestInfo info) {
        MockResponse response = store.dispatch(copy(req, method, path, contentType, body));
        return response.code() >= 400 ? errorBody(response, type, info) : response;
    }

    private static RecordedRequest copy(
            RecordedRequest req, HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = req.getHeaders().newBuilder();
        if (contentType != null) {
            headers.set("Content-Type", contentType);
        }
        Buffer buffer = body == null ? new Buffer() : new Buffer(body.getBytes(StandardCharsets.UTF_8));
        return new RecordedRequest(req.getHttpVersion(), method, path, headers.build(), buffer);
    }

    /** The store answers most errors with an empty body; clients print the Status message. */
    private static MockResponse errorBody(MockResponse response, ResourceType type, RequestInfo info) {
        String existing = response.getBody() == null ? "" : body(response);
        if (!existing.isBlank() && existing.contains("\"Status\"")) {
            response.setBody(existing);
            return response;
        }
        String resource = type.isCore() ? type.plural() : type.plural() + "." + type.group();
        return switch (response.code()) {
            case 404 -> status(404, "NotFound", resource + " \"" + info.name() + "\" not found", type, info.name());
            case 409 ->
                status(
                        409,
                        "Conflict",
                        existing.isBlank()
                                ? "Operation cannot be fulfilled on " + resource + " \"" + info.name()
                                        + "\": the object has been modified; please apply your changes to the latest version and try again"
                                : existing,
                        type,
                        info.name());
            case 415 -> status(415, "UnsupportedMediaType", "the body of the request was in an unknown format");
            default -> status(response.code(), "", existing.isBlank() ? "request failed" : existing);
        };
    }

    /** The request body, read without consuming it (the mock's Buffer reads are destructive). */
    public static String body(RecordedRequest req) {
        return req.getBody() == null ? null : new String(req.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    public static String body(MockResponse response) {
        return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    static MockResponse ok(String json) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", JSON)
                .setBody(json);
    }

    static MockResponse status(int code, String reason, String message) {
        return status(code, reason, message, null, null);
    }

    static MockResponse status(int code, String reason, String message, ObjectNode details) {
        MockResponse response = status(code, reason, message);
        if (details != null) {
            ObjectNode status = (ObjectNode) Json.parse(body(response));
            status.set("details", details);
            status.put("code", code);
            response.setBody(Json.write(status));
        }
        return response;
    }

    private static MockResponse status(int code, String reason, String message, ResourceType type, String name) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (type != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (!type.isCore()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
        }
        status.put("code", code);
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", JSON)
                .setBody(Json.write(status));
    }
}
