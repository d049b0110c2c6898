package dev.daemonset.operator.sandbox.apiserver;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Decides what one watch shows: the objects of one resource (optionally one namespace or one name)
 * that match its label and field selectors. It remembers which objects the client has seen, so an
 * object that stops matching is reported DELETED and one that starts matching ADDED, as the API server does.
 *
 * <p>A watch that resumes from a resourceVersion starts with a client that already holds the objects
 * of that version. An object whose first change after it is not ADDED existed then, and the client is
 * taken to hold it if that change shows it matching: so its deletion is reported (exact for watches
 * without selectors, which is what informers open).
 */
public final class WatchFilter {
    private final ResourceType type;
    private final String namespace;
    private final String name;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final Set<String> visible = ConcurrentHashMap.newKeySet();
    /** Null for a watch from now; else the objects this watch has reported anything about. */
    private final Set<String> mentioned;

    public WatchFilter(ResourceType type, String namespace, String name, LabelSelector labels, FieldSelector fields) {
        this(type, namespace, name, labels, fields, false);
    }

    private WatchFilter(
            ResourceType type,
            String namespace,
            String name,
            LabelSelector labels,
            FieldSelector fields,
            boolean resuming) {
        this.type = type;
        this.namespace = namespace;
        this.name = name;
        this.labels = labels;
        this.fields = fields;
        this.mentioned = resuming ? ConcurrentHashMap.newKeySet() : null;
    }

    public static WatchFilter of(RequestInfo info, ResourceType type) {
        return new WatchFilter(
                type,
                type.namespaced() ? info.namespace() : null,
                info.name(),
                LabelSelector.parse(info.param("labelSelector")),
                FieldSelector.parse(info.param("fieldSelector")));
    }

    /** For a watch from a resourceVersion: the client already holds the objects that matched then. */
    public static WatchFilter resuming(RequestInfo info, ResourceType type) {
        return new WatchFilter(
                type,
                type.namespaced() ? info.namespace() : null,
                info.name(),
                LabelSelector.parse(info.param("labelSelector")),
                FieldSelector.parse(info.param("fieldSelector")),
                true);
    }

    public ResourceType type() {
        return type;
    }

    /** True when the object is of this watch's resource, namespace and name. */
    public boolean sameResource(JsonNode obj) {
        if (!type.kind().equals(Json.text(obj.path("kind")))) {
            return false;
        }
        String apiVersion = Json.text(obj.path("apiVersion"), "");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        if (!type.group().equals(group)) {
            return false;
        }
        if (namespace != null && !namespace.equals(Json.namespace(obj))) {
            return false;
        }
        return name == null || name.equals(Json.name(obj));
    }

    public boolean selected(JsonNode obj) {
        return sameResource(obj) && labels.matches(labelsOf(obj)) && fields.matches(obj);
    }

    /**
     * The event type the client should see for a store event on {@code obj}, or null to drop it.
     *
     * @param eventType ADDED, MODIFIED or DELETED as the store reports it
     */
    public String translate(String eventType, JsonNode obj) {
        if (!sameResource(obj)) {
            return null;
        }
        String key = Objects.requireNonNullElse(Json.namespace(obj), "") + "/" + Json.name(obj);
        if (mentioned != null
                && mentioned.add(key)
                && !"ADDED".equals(eventType)
                && labels.matches(labelsOf(obj))
                && fields.matches(obj)) {
            visible.add(key);
        }
        if ("DELETED".equals(eventType)) {
            return visible.remove(key) ? "DELETED" : null;
        }
        if (labels.matches(labelsOf(obj)) && fields.matches(obj)) {
            return visible.add(key) ? "ADDED" : "MODIFIED";
        }
        return visible.remove(key) ? "DELETED" : null;
    }

    public static Map<String, String> labelsOf(JsonNode obj) {
        Map<String, String> out = new HashMap<>();
        obj.path("metadata").path("labels").properties().forEach(e -> out.put(e.getKey(), Json.text(e.getValue(), "")));
        return out;
    }
}
