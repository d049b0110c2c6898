package dev.daemonset.operator.sandbox.apiserver;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small strategic merge patch, enough for what kubectl itself sends for built-in kinds (apply, taint,
 * cordon, patch): JSON merge patch, except that lists with a patch merge key are merged element by
 * element (containers and env by name, conditions by type, ...), {@code finalizers} are merged as a set,
 * and the directives {@code $patch} (replace, delete), {@code $deleteFromPrimitiveList/...},
 * {@code $retainKeys} and {@code $setElementOrder/...} are honoured or dropped.
 *
 * <p>The merge key is chosen by field name alone, not by schema; lists not named here (tolerations,
 * taints, args, ...) are replaced, as their Kubernetes schema says.
 */
public final class StrategicMergePatch {
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("env", "name"),
            Map.entry("resourceClaims", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"),
            Map.entry("addresses", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"),
            Map.entry("podIPs", "ip"),
            Map.entry("hostIPs", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"));
    private static final Set<String> SET_LISTS = Set.of("finalizers");
    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {}

    /** Returns the patched copy of {@code original}. */
    public static JsonNode apply(JsonNode original, JsonNode patch) {
        if (!patch.isObject()) {
            throw new IllegalArgumentException("a strategic merge patch must be a JSON object");
        }
        ObjectNode merged =
                mergeObject(original.isObject() ? (ObjectNode) original.deepCopy() : Json.object(), (ObjectNode) patch);
        if (merged == null) {
            return Json.object();
        }
        dropEmptyList(merged.path("metadata"), "ownerReferences");
        dropEmptyList(merged.path("metadata"), "finalizers");
        return merged;
    }

    /** The API server's types omit an empty list: releasing the last owner leaves no ownerReferences at all. */
    private static void dropEmptyList(JsonNode parent, String field) {
        if (parent instanceof ObjectNode object && object.get(field) instanceof ArrayNode list && list.isEmpty()) {
            object.remove(field);
        }
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
        String directive = Json.text(patch.get(PATCH));
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            return (ObjectNode) clean(patch);
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String field = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (target.get(field) instanceof ArrayNode list) {
                    Set<JsonNode> remove = new HashSet<>();
                    value.forEach(remove::add);
                    ArrayNode kept = Json.array();
                    list.forEach(v -> {
                        if (!remove.contains(v)) {
                            kept.add(v);
                        }
                    });
                    target.set(field, kept);
                }
                continue;
            }
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                if (existing instanceof ObjectNode existingObject) {
                    ObjectNode merged = mergeObject(existingObject, (ObjectNode) value);
                    if (merged == null) {
                        target.remove(key);
                    } else {
                        target.set(key, merged);
                    }
                } else if ("delete".equals(Json.text(value.get(PATCH)))) {
                    target.remove(key);
                } else {
                    target.set(key, clean(value));
                }
            } else if (value.isArray()) {
                if (existing instanceof ArrayNode existingList && MERGE_KEYS.containsKey(key)) {
                    target.set(key, mergeList(existingList, (ArrayNode) value, mergeKey(key, existingList, (ArrayNode)
                            value)));
                } else if (existing instanceof ArrayNode existingList && SET_LISTS.contains(key)) {
                    target.set(key, union(existingList, (ArrayNode) value));
                } else {
                    target.set(key, clean(value));
                }
            } else {
                target.set(key, value);
            }
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null && retain.isArray()) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(Json.text(k)));
            for (String name : new java.util.ArrayList<>(target.propertyNames())) {
                if (!keep.contains(name)) {
                    target.remove(name);
                }
            }
        }
        return target;
    }

    private static String mergeKey(String field, ArrayNode existing, ArrayNode patch) {
        if (field.equals("ports")) {
            return "containerPort";
        }
        return MERGE_KEYS.get(field);
    }

    private static ArrayNode mergeList(ArrayNode existing, ArrayNode patch, String mergeKey) {
        for (JsonNode p : patch) {
            if (p.isObject() && "replace".equals(Json.text(p.get(PATCH))) && p.size() == 1) {
                ArrayNode replaced = Json.array();
                patch.forEach(q -> {
                    if (!(q.isObject() && q.has(PATCH) && q.size() == 1)) {
                        replaced.add(clean(q));
                    }
                });
                return replaced;
            }
        }
        ArrayNode result = existing.deepCopy();
        for (JsonNode p : patch) {
            if (!p.isObject()) {
                result.add(p);
                continue;
            }
            JsonNode keyValue = p.get(mergeKey);
            int index = indexOf(result, mergeKey, keyValue);
            boolean delete = "delete".equals(Json.text(p.get(PATCH)));
            if (index >= 0) {
                if (delete) {
                    result.remove(index);
                } else {
                    ObjectNode merged = mergeObject((ObjectNode) result.get(index), (ObjectNode) p);
                    if (merged == null) {
                        result.remove(index);
                    } else {
                        result.set(index, merged);
                    }
                }
            } else if (!delete) {
                result.add(clean(p));
            }
        }
        return result;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode union(ArrayNode existing, ArrayNode patch) {
        ArrayNode result = existing.deepCopy();
        Set<JsonNode> present = new HashSet<>();
        existing.forEach(present::add);
        patch.forEach(v -> {
            if (present.add(v)) {
                result.add(v);
            }
        });
        return result;
    }

    /** A copy of {@code node} without patch directives. */
    static JsonNode clean(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String k = e.getKey();
                if (k.equals(PATCH)
                        || k.equals(RETAIN_KEYS)
                        || k.startsWith(SET_ELEMENT_ORDER)
                        || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                    continue;
                }
                if (!e.getValue().isNull()) {
                    out.set(k, clean(e.getValue()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); ) {
                out.add(clean(it.next()));
            }
            return out;
        }
        return node;
    }
}
