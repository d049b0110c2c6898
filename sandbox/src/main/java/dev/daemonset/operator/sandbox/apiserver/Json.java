package dev.daemonset.operator.sandbox.apiserver;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over Jackson trees: the API server layer works on JSON, never on typed models. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return NODES.missingNode();
        }
        return MAPPER.readTree(json);
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The node's scalar value as a string, or null when absent, null or a container. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    public static String text(JsonNode node, String defaultValue) {
        String value = text(node);
        return value == null ? defaultValue : value;
    }

    /** Follows a dotted path such as {@code metadata.name} or {@code spec.nodeName}. */
    public static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            current = current.path(part);
        }
        return current;
    }

    public static String name(JsonNode obj) {
        return text(obj.path("metadata").path("name"));
    }

    public static String namespace(JsonNode obj) {
        return text(obj.path("metadata").path("namespace"));
    }

    public static String uid(JsonNode obj) {
        return text(obj.path("metadata").path("uid"));
    }

    public static Instant timestamp(JsonNode node) {
        String value = text(node);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    public static ObjectNode objectAt(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child instanceof ObjectNode on) {
            return on;
        }
        ObjectNode created = object();
        parent.set(field, created);
        return created;
    }
}
