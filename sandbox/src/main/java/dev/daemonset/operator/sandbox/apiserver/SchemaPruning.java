package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server does to a custom resource before validating it: drops the fields the schema does
 * not declare (reporting them, for {@code fieldValidation=Strict|Warn}), drops a {@code null} where the
 * schema does not allow one, and fills in the schema's defaults.
 */
public final class SchemaPruning {
    private static final Set<String> OBJECT_BASICS = Set.of("apiVersion", "kind", "metadata");

    private SchemaPruning() {}

    /**
     * Prunes and defaults {@code obj} in place (only {@code onlyProperty} of the root when not null) and
     * returns the paths of the unknown fields it dropped, in document order ({@code spec.foo},
     * {@code spec.template.spec.containers[0].bar}).
     */
    public static List<String> apply(StructuralSchema root, ObjectNode obj, String onlyProperty) {
        List<String> unknown = new ArrayList<>();
        if (onlyProperty == null) {
            object(root, obj, "", true, unknown);
        } else if (obj.get(onlyProperty) != null && root.properties.containsKey(onlyProperty)) {
            StructuralSchema child = root.properties.get(onlyProperty);
            if (obj.get(onlyProperty).isNull() && !child.nullable) {
                obj.remove(onlyProperty);
            } else {
                node(child, obj.get(onlyProperty), onlyProperty, unknown);
            }
        }
        return unknown;
    }

    private static void node(StructuralSchema s, JsonNode value, String path, List<String> unknown) {
        if (value instanceof ObjectNode obj) {
            object(s, obj, path, false, unknown);
        } else if (value instanceof ArrayNode array && s.items != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (item.isNull() && s.items.defaultValue != null) {
                    array.set(i, s.items.defaultValue.deepCopy());
                } else {
                    node(s.items, item, path + "[" + i + "]", unknown);
                }
            }
        }
    }

    private static void object(StructuralSchema s, ObjectNode obj, String path, boolean isRoot, List<String> unknown) {
        boolean keepsBasics = isRoot || s.embeddedResource;
        for (String name : List.copyOf(obj.propertyNames())) {
            JsonNode value = obj.get(name);
            StructuralSchema child = s.properties.get(name);
            if (child == null && keepsBasics && OBJECT_BASICS.contains(name)) {
                continue;
            }
            if (child == null && s.additionalProperties != null) {
                child = s.additionalProperties;
                if (value.isNull() && !child.nullable && child.defaultValue == null) {
                    obj.remove(name);
                } else {
                    node(child, value, path + "[" + name + "]", unknown);
                }
                continue;
            }
            if (child == null) {
                if (!s.preserveUnknownFields) {
                    unknown.add(SchemaValidator.join(path, name));
                    obj.remove(name);
                }
                continue;
            }
            if (value.isNull() && !child.nullable) {
                if (child.defaultValue != null) {
                    obj.set(name, child.defaultValue.deepCopy());
                } else {
                    obj.remove(name);
                }
                continue;
            }
            node(child, value, SchemaValidator.join(path, name), unknown);
        }
        for (Map.Entry<String, StructuralSchema> e : s.properties.entrySet()) {
            if (!obj.has(e.getKey()) && e.getValue().defaultValue != null) {
                JsonNode filled = e.getValue().defaultValue.deepCopy();
                obj.set(e.getKey(), filled);
                node(e.getValue(), filled, SchemaValidator.join(path, e.getKey()), new ArrayList<>());
            }
        }
    }
}
