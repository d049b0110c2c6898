package dev.daemonset.operator.sandbox.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server stores one kind of Event and serves it as core/v1 and as events.k8s.io/v1; the mock
 * stores the two separately. Lists of either include the other, converted, so {@code kubectl describe}
 * (core/v1, {@code involvedObject} field selectors) shows events written through events.k8s.io and back.
 */
final class EventConversion {
    private EventConversion() {}

    static boolean isEvents(ResourceType type) {
        return "events".equals(type.plural()) && (type.isCore() || "events.k8s.io".equals(type.group()));
    }

    /** The events stored under the other API, converted to {@code type}'s API. */
    static java.util.List<JsonNode> fromOtherApi(
            ObjectStore store, ResourceRegistry registry, ResourceType type, String namespace) {
        boolean wantCore = type.isCore();
        ResourceType other = wantCore
                ? registry.find("events.k8s.io", "v1", "events").orElseThrow()
                : registry.find("", "v1", "events").orElseThrow();
        return store.list(other, namespace).stream()
                .map(e -> wantCore ? toCore(e) : toEventsV1(e))
                .toList();
    }

    static JsonNode toCore(JsonNode e) {
        ObjectNode out = Json.object();
        out.put("apiVersion", "v1");
        out.put("kind", "Event");
        out.set("metadata", e.path("metadata").deepCopy());
        copy(e, "regarding", out, "involvedObject");
        copy(e, "related", out, "related");
        copy(e, "reason", out, "reason");
        copy(e, "note", out, "message");
        copy(e, "type", out, "type");
        copy(e, "action", out, "action");
        copy(e, "eventTime", out, "eventTime");
        copy(e, "deprecatedFirstTimestamp", out, "firstTimestamp");
        copy(e, "deprecatedLastTimestamp", out, "lastTimestamp");
        copy(e, "deprecatedCount", out, "count");
        copy(e, "reportingController", out, "reportingComponent");
        copy(e, "reportingInstance", out, "reportingInstance");
        copy(e, "series", out, "series");
        ObjectNode source = Json.object();
        String component =
                Json.text(e.path("deprecatedSource").path("component"), Json.text(e.path("reportingController")));
        if (component != null) {
            source.put("component", component);
        }
        String host = Json.text(e.path("deprecatedSource").path("host"));
        if (host != null) {
            source.put("host", host);
        }
        out.set("source", source);
        return out;
    }

    static JsonNode toEventsV1(JsonNode e) {
        ObjectNode out = Json.object();
        out.put("apiVersion", "events.k8s.io/v1");
        out.put("kind", "Event");
        out.set("metadata", e.path("metadata").deepCopy());
        copy(e, "involvedObject", out, "regarding");
        copy(e, "related", out, "related");
        copy(e, "reason", out, "reason");
        copy(e, "message", out, "note");
        copy(e, "type", out, "type");
        copy(e, "action", out, "action");
        copy(e, "eventTime", out, "eventTime");
        copy(e, "firstTimestamp", out, "deprecatedFirstTimestamp");
        copy(e, "lastTimestamp", out, "deprecatedLastTimestamp");
        copy(e, "count", out, "deprecatedCount");
        copy(e, "source", out, "deprecatedSource");
        copy(e, "series", out, "series");
        String controller = Json.text(
                e.path("reportingComponent"), Json.text(e.path("source").path("component")));
        if (controller != null && !controller.isEmpty()) {
            out.put("reportingController", controller);
        }
        copy(e, "reportingInstance", out, "reportingInstance");
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
