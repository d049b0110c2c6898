package dev.daemonset.operator.sandbox.apiserver;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 7386 JSON merge patches: {@link #diff} builds the patch that turns one document into another. */
public final class JsonMergePatch {
  private JsonMergePatch() {}

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
        patch.set(e.getKey(), before.isObject() && e.getValue().isObject() ? diff(before, e.getValue()) : e.getValue());
      }
    }
    return patch;
  }
}
