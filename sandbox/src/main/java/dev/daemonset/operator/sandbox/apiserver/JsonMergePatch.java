package dev.daemonset.operator.sandbox.apiserver;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patches: {@link #apply} applies one (lists are replaced, null removes a key; the
 * mock's own merge appends to lists, which is wrong), {@link #diff} builds the patch between two documents.
 */
public final class JsonMergePatch {
    private JsonMergePatch() {}

    /** Returns {@code patch} applied to a copy of {@code target}. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    public static JsonNode diff(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) {
            return to;
        }
        ObjectNode patch = Json.object();
        for (String key : from.propertyNames()) {
            if (!to.has(key)) {
                patch.putNull(key);
            }
        }
        for (Map.Entry<String, JsonNode> e : to.properties()) {
            JsonNode before = from.get(e.getKey());
            if (before == null) {
                patch.set(e.getKey(), e.getValue());
            } else if (!before.equals(e.getValue())) {
                patch.set(
                        e.getKey(),
                        before.isObject() && e.getValue().isObject() ? diff(before, e.getValue()) : e.getValue());
            }
        }
        return patch;
    }
}
