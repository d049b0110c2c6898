package dev.daemonset.operator.sandbox.apiserver;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One change in the object store, as every watcher of it receives it.
 *
 * <p>Its JSON text is the store's own (the text it just stored), shared by every watcher, as kube-apiserver
 * encodes a watch event once for all its watchers: written per watcher, the same pod went through the serializer
 * once for each of the operator's, the simulators' and the benchmark's watches, on the server's one thread and
 * under the store's write lock.
 */
public final class StoreEvent {
    private final String type;
    private final JsonNode object;
    private final long resourceVersion;
    /** Written on first use when not given; two watchers that race write the same text, so no lock is needed. */
    private volatile String objectJson;

    /**
     * @param type ADDED, MODIFIED or DELETED
     * @param object the new state, or the last state for DELETED (shared by all listeners: do not modify)
     * @param resourceVersion the store's resourceVersion after the change
     * @param objectJson {@code object}'s JSON text on one line, or null to have it written when first sent
     */
    public StoreEvent(String type, JsonNode object, long resourceVersion, String objectJson) {
        this.type = Objects.requireNonNull(type);
        this.object = Objects.requireNonNull(object);
        this.resourceVersion = resourceVersion;
        // a watch over HTTP is one event per line: a text with line breaks in it is written again, on one line
        this.objectJson = objectJson == null || objectJson.indexOf('\n') >= 0 ? null : objectJson;
    }

    public String type() {
        return type;
    }

    public JsonNode object() {
        return object;
    }

    public long resourceVersion() {
        return resourceVersion;
    }

    /**
     * The watch line for this change: {@code {"type":shownType,"object":...}}, the object's text shared with every
     * other line of this change. {@code shownType} is the type a watcher sees, which a filtered watch may change
     * (an object leaving its selector is DELETED to it).
     */
    public String watchLine(String shownType) {
        String json = objectJson;
        if (json == null) {
            json = Json.write(object);
            objectJson = json;
        }
        return WatchLines.of(shownType, json);
    }

    @Override
    public String toString() {
        return "StoreEvent[" + type + " " + Json.name(object) + " @" + resourceVersion + "]";
    }
}
