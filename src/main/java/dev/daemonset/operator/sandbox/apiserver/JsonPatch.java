package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON patch ({@code kubectl patch --type json}), applied here rather than by the store for
 * custom resources, so that the patched object can be validated before it is written.
 */
final class JsonPatch {
  private JsonPatch() {}

  /** The patched copy of {@code document}; a patch that cannot apply is the API server's 422. */
  static JsonNode apply(JsonNode document, JsonNode patch) {
    if (!patch.isArray()) {
      throw new ApiException(400, "BadRequest", "json patch must be a list of operations");
    }
    JsonNode doc = document.deepCopy();
    for (JsonNode op : patch) {
      String kind = Json.text(op.path("op"), "");
      String path = Json.text(op.path("path"));
      if (path == null) {
        throw failed("missing path in operation " + op);
      }
      doc = switch (kind) {
        case "add" -> add(doc, path, value(op));
        case "remove" -> remove(doc, path);
        case "replace" -> add(remove(doc, path), path, value(op));
        case "move" -> {
          String from = Json.text(op.path("from"), "");
          JsonNode moved = get(doc, from);
          yield add(remove(doc, from), path, moved);
        }
        case "copy" -> add(doc, path, get(doc, Json.text(op.path("from"), "")).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(value(op))) {
            throw failed("testing value " + path + " failed");
          }
          yield doc;
        }
        default -> throw failed("Unexpected kind: " + kind);
      };
    }
    return doc;
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw failed("missing value in operation " + op);
    }
    return op.get("value").deepCopy();
  }

  private static JsonNode get(JsonNode doc, String pointer) {
    JsonNode node = doc;
    for (String token : tokens(pointer)) {
      node = node.isArray() ? node.path(index(token, node.size() - 1)) : node.path(token);
      if (node.isMissingNode()) {
        throw failed("doc is missing path: \"" + pointer + "\"");
      }
    }
    return node;
  }

  private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
    List<String> tokens = tokens(pointer);
    if (tokens.isEmpty()) {
      return value;
    }
    JsonNode parent = get(doc, parentOf(pointer));
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof ObjectNode obj) {
      obj.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.insert("-".equals(last) ? array.size() : index(last, array.size()), value);
    } else {
      throw failed("doc is missing path: \"" + pointer + "\"");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String pointer) {
    List<String> tokens = tokens(pointer);
    if (tokens.isEmpty()) {
      throw failed("cannot remove the whole document");
    }
    get(doc, pointer);
    JsonNode parent = get(doc, parentOf(pointer));
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof ObjectNode obj) {
      obj.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(index(last, array.size() - 1));
    }
    return doc;
  }

  private static String parentOf(String pointer) {
    return pointer.substring(0, pointer.lastIndexOf('/'));
  }

  private static int index(String token, int max) {
    try {
      int i = Integer.parseInt(token);
      if (i < 0 || i > max) {
        throw failed("index out of bounds: " + token);
      }
      return i;
    } catch (NumberFormatException e) {
      throw failed("not an array index: " + token);
    }
  }

  private static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    if (!pointer.startsWith("/")) {
      throw failed("JSON pointer must start with /: " + pointer);
    }
    for (String t : pointer.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static ApiException failed(String message) {
    return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: " + message);
  }
}
