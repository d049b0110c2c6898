package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's CRUD store, with a change feed: every write of the mock passes through
 * {@link #processEvent}, which is where the sandbox observes changes (HTTP watches, garbage collection)
 * and repairs what the mock stores wrongly (a deletionTimestamp without a zone); and where the managedFields
 * of every update and patch are recorded ({@link #preserveMetadata}).
 */
public final class ObjectStore extends KubernetesCrudDispatcher {
    /** Recent changes, kept as JSON text (a parsed tree costs several times more memory). */
    static final int HISTORY = 10_000;

    private record HistoryEntry(String type, String json, long resourceVersion) {}

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final Object feedLock = new Object();
    private final Deque<HistoryEntry> history = new ArrayDeque<>();
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<JsonNode> crdCache;

    private final Clock clock;
    /** The writer of the request this thread is serving, for the managedFields of what it stores. */
    private final ThreadLocal<ManagedFields.Writer> writer = new ThreadLocal<>();

    public ObjectStore(List<CustomResourceDefinitionContext> builtInsWithStatus, Clock clock) {
        super(builtInsWithStatus);
        this.clock = clock;
        indexByName();
    }

    /** Runs {@code request} with its writes attributed to {@code as} in managedFields. */
    <T> T writingAs(ManagedFields.Writer as, Supplier<T> request) {
        ManagedFields.Writer previous = writer.get();
        writer.set(as);
        try {
            return request.get();
        } finally {
            if (previous == null) {
                writer.remove();
            } else {
                writer.set(previous);
            }
        }
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The mock calls this on every update and patch, after it has built the object to store and before it
     * decides whether anything changed: the place managedFields are brought up to date, so that a write
     * that changes nothing else changes them neither and keeps its resourceVersion.
     */
    @Override
    public void preserveMetadata(JsonNode currentResource, JsonNode updatedResource) {
        super.preserveMetadata(currentResource, updatedResource);
        if (updatedResource instanceof ObjectNode updated) {
            ManagedFields.onUpdate(currentResource, updated, writer.get(), clock.instant());
        }
    }

    /**
     * Swaps the mock's table for one indexed by name (see {@link NameIndexedEntries}); the field is final
     * and set in the mock's constructor, and the table is still empty here.
     */
    private void indexByName() {
        try {
            Field field = CrudDispatcher.class.getDeclaredField("map");
            field.setAccessible(true);
            field.set(this, new NameIndexedEntries());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot index the mock store by name", e);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        return NameIndexedEntries.lookUp(query, () -> super.findResource(query));
    }

    @Override
    public MockResponse handleGet(String path) {
        return NameIndexedEntries.lookUp(attributeExtractor.fromPath(path), () -> super.handleGet(path));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return NameIndexedEntries.lookUp(attributeExtractor.fromPath(path), () -> super.handleDelete(path));
    }

    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        synchronized (feedLock) {
            String existing = oldAttributes == null ? null : map.get(oldAttributes);
            String stored = repair(newState);
            super.processEvent(path, pathAttributes, oldAttributes, resource, stored);
            if (path != null && path.startsWith(CRD_PATH)) {
                crdCache = null;
            }
            if (!Objects.equals(existing, stored)) {
                publish(existing, stored);
            }
        }
    }

    private void publish(String existing, String stored) {
        StoreEvent event;
        String json;
        if (stored == null) {
            ObjectNode last = (ObjectNode) Json.parse(existing);
            long rv = requestResourceVersion();
            Json.objectAt(last, "metadata").put("resourceVersion", String.valueOf(rv));
            json = Json.write(last);
            event = new StoreEvent("DELETED", last, rv, json);
        } else {
            JsonNode now = Json.parse(stored);
            json = stored;
            event = new StoreEvent(existing == null ? "ADDED" : "MODIFIED", now, resourceVersionOf(now), json);
        }
        history.addLast(new HistoryEntry(event.type(), json, event.resourceVersion()));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (Consumer<StoreEvent> l : listeners) {
            l.accept(event);
        }
    }

    /** Listens to every future change. Listeners run inside the store's write lock: they must only enqueue. */
    public void addListener(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StoreEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Starts a change feed for one watcher. With {@code fromResourceVersion} null, the watcher first gets
     * every current object as ADDED; otherwise the changes after that version still in the history. Returns
     * false (and registers nothing) when that version is older than the history: the watcher must relist.
     */
    public boolean subscribe(Long fromResourceVersion, Consumer<StoreEvent> listener) {
        synchronized (feedLock) {
            if (fromResourceVersion == null) {
                for (String json : snapshotJson()) {
                    JsonNode obj = Json.parse(json);
                    listener.accept(new StoreEvent("ADDED", obj, resourceVersionOf(obj), json));
                }
            } else {
                if (!reachesBack(fromResourceVersion)) {
                    return false;
                }
                for (HistoryEntry e : history) {
                    if (e.resourceVersion() > fromResourceVersion) {
                        listener.accept(new StoreEvent(e.type(), Json.parse(e.json()), e.resourceVersion(), e.json()));
                    }
                }
            }
            listeners.add(listener);
            return true;
        }
    }

    /**
     * True while the change history still holds every change after {@code resourceVersion}, i.e. a watch
     * from it can start (see {@link #subscribe}).
     */
    public boolean reachesBack(long resourceVersion) {
        synchronized (feedLock) {
            HistoryEntry first = history.peekFirst();
            return first == null || first.resourceVersion() <= resourceVersion + 1 || history.size() < HISTORY;
        }
    }

    public long currentResourceVersion() {
        synchronized (feedLock) {
            HistoryEntry last = history.peekLast();
            return last == null ? 0 : last.resourceVersion();
        }
    }

    /** Every stored object. */
    public List<JsonNode> objects() {
        List<JsonNode> out = new ArrayList<>();
        for (String json : snapshotJson()) {
            out.add(Json.parse(json));
        }
        return out;
    }

    /** The stored objects of one resource, in one namespace or (null) all. */
    public List<JsonNode> list(ResourceType type, String namespace) {
        return list(type.collectionPath(namespace)).stream()
                .filter(o -> isOf(type, o))
                .toList();
    }

    /**
     * True when {@code obj} is of {@code type}. The store's own path matching cannot tell core/v1 events
     * from events.k8s.io/v1 events (a core path has no group to compare), so results are checked here.
     */
    public static boolean isOf(ResourceType type, JsonNode obj) {
        if (!type.kind().equals(Json.text(obj.path("kind")))) {
            return false;
        }
        String apiVersion = Json.text(obj.path("apiVersion"), "");
        int slash = apiVersion.indexOf('/');
        return type.group().equals(slash < 0 ? "" : apiVersion.substring(0, slash));
    }

    /** The stored objects under a collection path such as {@code /api/v1/pods} (no selectors), in list key order. */
    List<JsonNode> list(String collectionPath) {
        return sortedUnread(collectionPath).stream()
                .map(unread -> Json.parse(unread.json()))
                .toList();
    }

    /** A stored object unread: its list key (namespace/name) and its JSON. */
    record Unread(String key, String json) {}

    /**
     * The stored objects under a collection path in list key order, not parsed: a page of a paginated
     * list parses only what it returns. (Parsing every pod of a 5,000-node cluster for each page of 500
     * took longer than a client waits.)
     */
    List<Unread> sortedUnread(String collectionPath) {
        AttributeSet query = attributeExtractor.fromPath(collectionPath);
        List<Unread> matches = new ArrayList<>();
        synchronized (map) {
            map.forEach((k, v) -> {
                if (k.matches(query)) {
                    matches.add(new Unread(listKey(k), v));
                }
            });
        }
        matches.sort(java.util.Comparator.comparing(Unread::key));
        return matches;
    }

    private static String listKey(AttributeSet attributes) {
        return ListChunks.key(firstValue(attributes, "namespace"), firstValue(attributes, "name"));
    }

    private static String firstValue(AttributeSet attributes, String key) {
        io.fabric8.mockwebserver.crud.Attribute a = attributes.getAttribute(key);
        return a == null || a.getValues().isEmpty() ? "" : a.getValues().get(0).toString();
    }

    public List<JsonNode> customResourceDefinitions() {
        List<JsonNode> cached = crdCache;
        if (cached == null) {
            cached = list(CRD_PATH).stream()
                    .filter(o -> "CustomResourceDefinition".equals(Json.text(o.path("kind"))))
                    .toList();
            crdCache = cached;
        }
        return cached;
    }

    private List<String> snapshotJson() {
        synchronized (map) {
            return new ArrayList<>(map.values());
        }
    }

    /**
     * Repairs what the mock stores wrongly: {@code metadata.namespace: null} on cluster-scoped objects, and a
     * deletionTimestamp written as a local date-time without zone (clients expect RFC 3339).
     */
    private static String repair(String state) {
        if (state == null || !(state.contains("deletionTimestamp") || state.contains("\"namespace\":null"))) {
            return state;
        }
        JsonNode node = Json.parse(state);
        if (!(node.path("metadata") instanceof ObjectNode md)) {
            return state;
        }
        if (md.has("namespace") && md.get("namespace").isNull()) {
            md.remove("namespace");
        }
        String ts = Json.text(md.path("deletionTimestamp"));
        if (ts != null && !ts.endsWith("Z")) {
            try {
                Instant instant = LocalDateTime.parse(ts)
                        .atZone(ZoneId.systemDefault())
                        .toInstant()
                        .truncatedTo(ChronoUnit.SECONDS);
                md.put("deletionTimestamp", instant.toString());
            } catch (DateTimeParseException e) {
                // leave it
            }
        }
        return Json.write(node);
    }

    private static long resourceVersionOf(JsonNode obj) {
        return parseLong(Json.text(obj.path("metadata").path("resourceVersion")));
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
