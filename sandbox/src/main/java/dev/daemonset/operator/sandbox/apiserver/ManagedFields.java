package dev.daemonset.operator.sandbox.apiserver;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.managedFields} as the API server records it for Update operations (create, update,
 * patch): one entry per manager, operation and subresource, owning the fields that manager set.
 *
 * <p>As upstream's field manager does for an Update, a write gives its manager the fields it added or
 * changed (kept with what that manager owned before), takes them from every other manager, and takes the
 * fields it removed from everyone; a write that changes nothing leaves the entries, times included, as
 * they were, so a no-op update stays a no-op (no new resourceVersion). Client-supplied managedFields are
 * ignored, not honoured as upstream honours valid ones.
 *
 * <p>Field sets are computed from the JSON without the kind's schema, so they approximate upstream's:
 * objects become {@code f:<key>}; lists of objects with a merge key known for their field name
 * (containers, env, volumes by name, ports by containerPort and protocol, conditions by type, ...)
 * become {@code k:{...}} per item; {@code finalizers} become {@code v:"..."}; other lists are atomic. An
 * object or list owns itself ({@code ".": {}}) unless it is one of the structs a Go object always has
 * (metadata, spec, status, template, ...), as upstream's comparison with the zero object finds.
 */
final class ManagedFields {
    static final String UPDATE = "Update";

    /** Who is writing: the request's field manager and subresource (null for the main resource). */
    record Writer(String manager, String subresource) {}

    /** Fields the API server sets itself, which nobody manages. */
    private static final Set<String> SERVER_METADATA = Set.of(
            "name",
            "namespace",
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds");

    /** Struct fields that are values, not pointers, in the Go types: never absent, so never added. */
    private static final Set<String> ALWAYS_PRESENT =
            Set.of("metadata", "spec", "status", "template", "resources", "strategy", "updateStrategy");

    private static final Set<String> ATOMIC_LISTS =
            Set.of("tolerations", "taints", "images", "containerStatuses", "initContainerStatuses");

    private ManagedFields() {}

    /** The manager of a request: its {@code fieldManager} parameter, else its User-Agent's program name. */
    static String manager(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        if (userAgent == null || userAgent.isEmpty()) {
            return "unknown";
        }
        int slash = userAgent.indexOf('/');
        return slash < 0 ? userAgent : userAgent.substring(0, slash);
    }

    /** Sets the managedFields of an object being created: the creator owns every field it set. */
    static void onCreate(ObjectNode obj, Writer writer, boolean statusIgnored, Instant now) {
        ObjectNode metadata = Json.objectAt(obj, "metadata");
        Map<List<String>, String> fields = fieldsOf(obj, statusIgnored);
        ArrayNode entries = Json.array();
        if (!fields.isEmpty()) {
            entries.add(entry(writer, Json.text(obj.path("apiVersion"), ""), time(now), fields.keySet()));
        }
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", entries);
        }
    }

    /**
     * Sets the managedFields of {@code updated} from those of {@code current} and what the write changed.
     * Without a writer (a write from inside the store), the current entries are kept as they are.
     */
    static void onUpdate(JsonNode current, ObjectNode updated, Writer writer, Instant now) {
        ObjectNode metadata = Json.objectAt(updated, "metadata");
        JsonNode existing = current.path("metadata").path("managedFields");
        Map<List<String>, String> before = fieldsOf(current, false);
        Map<List<String>, String> after = fieldsOf(updated, false);
        Set<List<String>> changed = new HashSet<>();
        after.forEach((path, value) -> {
            if (!value.equals(before.get(path))) {
                changed.add(path);
            }
        });
        Set<List<String>> removed = new HashSet<>(before.keySet());
        removed.removeAll(after.keySet());
        if (writer == null || changed.isEmpty() && removed.isEmpty()) {
            keep(metadata, existing);
            return;
        }
        String apiVersion = Json.text(updated.path("apiVersion"), "");
        String identity = identity(writer.manager(), UPDATE, writer.subresource());
        List<ObjectNode> entries = new ArrayList<>();
        boolean own = false;
        for (JsonNode e : Json.elements(existing)) {
            if (!(e instanceof ObjectNode entry)) {
                continue;
            }
            Set<List<String>> set = decode(entry.path("fieldsV1"));
            ObjectNode kept = entry.deepCopy();
            String entryIdentity = identity(
                    Json.text(entry.path("manager"), ""),
                    Json.text(entry.path("operation"), ""),
                    Json.text(entry.path("subresource")));
            if (entryIdentity.equals(identity)) {
                own = true;
                if (!changed.isEmpty()) {
                    set.addAll(changed);
                    kept.put("apiVersion", apiVersion);
                    kept.put("time", time(now));
                }
            } else {
                set.removeAll(changed);
            }
            set.removeAll(removed);
            if (!set.isEmpty()) {
                kept.put("fieldsType", "FieldsV1");
                kept.set("fieldsV1", encode(set));
                entries.add(kept);
            }
        }
        if (!own && !changed.isEmpty()) {
            entries.add(entry(writer, apiVersion, time(now), changed));
        }
        entries.sort(Comparator.comparing((ObjectNode e) -> Json.text(e.path("operation"), ""))
                .thenComparing(e -> Json.text(e.path("time"), ""))
                .thenComparing(e -> Json.text(e.path("manager"), ""))
                .thenComparing(e -> Json.text(e.path("apiVersion"), ""))
                .thenComparing(e -> Json.text(e.path("subresource"), "")));
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            ArrayNode array = metadata.putArray("managedFields");
            entries.forEach(array::add);
        }
    }

    private static void keep(ObjectNode metadata, JsonNode existing) {
        if (existing.isMissingNode() || existing.isNull()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", existing.deepCopy());
        }
    }

    private static String identity(String manager, String operation, String subresource) {
        return manager + "\u0000" + operation + "\u0000" + Objects.requireNonNullElse(subresource, "");
    }

    private static ObjectNode entry(Writer writer, String apiVersion, String time, Set<List<String>> fields) {
        ObjectNode entry = Json.object();
        entry.put("manager", writer.manager());
        entry.put("operation", UPDATE);
        entry.put("apiVersion", apiVersion);
        entry.put("time", time);
        entry.put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", encode(fields));
        if (writer.subresource() != null) {
            entry.put("subresource", writer.subresource());
        }
        return entry;
    }

    private static String time(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---- field sets: each path maps to its value (a leaf) or to "" (an object or item owning itself)

    static Map<List<String>, String> fieldsOf(JsonNode obj, boolean statusIgnored) {
        Map<List<String>, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : obj.properties()) {
            String key = field.getKey();
            if (key.equals("apiVersion") || key.equals("kind") || statusIgnored && key.equals("status")) {
                continue;
            }
            JsonNode value = field.getValue();
            if (key.equals("metadata") && value.isObject()) {
                ObjectNode metadata = (ObjectNode) value.deepCopy();
                SERVER_METADATA.forEach(metadata::remove);
                if (metadata.isEmpty()) {
                    continue;
                }
                value = metadata;
            }
            walkField(List.of(), key, value, out);
        }
        return out;
    }

    private static void walkField(List<String> parent, String key, JsonNode value, Map<List<String>, String> out) {
        List<String> path = append(parent, "f:" + key);
        if (value.isObject() && !value.isEmpty()) {
            if (!ALWAYS_PRESENT.contains(key)) {
                out.put(path, "");
            }
            walkObject(path, value, out);
        } else if (value.isArray() && !value.isEmpty()) {
            walkList(path, key, value, out);
        } else {
            out.put(path, value.toString());
        }
    }

    private static void walkObject(List<String> path, JsonNode obj, Map<List<String>, String> out) {
        for (Map.Entry<String, JsonNode> field : obj.properties()) {
            walkField(path, field.getKey(), field.getValue(), out);
        }
    }

    private static void walkList(List<String> path, String key, JsonNode list, Map<List<String>, String> out) {
        if (key.equals("finalizers") && allScalars(list)) {
            out.put(path, "");
            list.forEach(v -> out.put(append(path, "v:" + v), ""));
            return;
        }
        List<String> keyFields = keyFields(key, list);
        if (keyFields == null) {
            out.put(path, list.toString());
            return;
        }
        if (!key.equals("containers")) {
            out.put(path, "");
        }
        for (JsonNode item : list) {
            ObjectNode itemKey = Json.object();
            for (String k : keyFields) {
                if (item.has(k)) {
                    itemKey.set(k, item.get(k));
                }
            }
            List<String> itemPath = append(path, "k:" + Json.write(itemKey));
            out.put(itemPath, "");
            walkObject(itemPath, item, out);
        }
    }

    /** The merge key of a list's items, sorted; null for an atomic list. */
    private static List<String> keyFields(String key, JsonNode list) {
        if (ATOMIC_LISTS.contains(key) || !allObjects(list)) {
            return null;
        }
        List<String> fields = switch (key) {
            case "ports" ->
                list.get(0).has("containerPort") ? List.of("containerPort", "protocol") : List.of("port", "protocol");
            case "conditions", "addresses" -> List.of("type");
            case "podIPs", "hostIPs" -> List.of("ip");
            case "volumeMounts" -> List.of("mountPath");
            case "volumeDevices" -> List.of("devicePath");
            case "ownerReferences" -> List.of("uid");
            case "topologySpreadConstraints" -> List.of("topologyKey", "whenUnsatisfiable");
            default -> List.of("name");
        };
        String required = fields.get(0);
        for (JsonNode item : list) {
            if (!item.has(required)) {
                return null;
            }
        }
        return fields;
    }

    private static boolean allObjects(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allScalars(JsonNode list) {
        for (JsonNode item : list) {
            if (item.isContainer()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> append(List<String> path, String element) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(element);
        return List.copyOf(out);
    }

    // ---- FieldsV1: a tree of path elements, "." marking a node that is itself in the set

    static ObjectNode encode(Set<List<String>> paths) {
        Node root = new Node();
        for (List<String> path : paths) {
            Node node = root;
            for (String element : path) {
                node = node.children.computeIfAbsent(element, e -> new Node());
            }
            node.member = true;
        }
        return root.render();
    }

    static Set<List<String>> decode(JsonNode fieldsV1) {
        Set<List<String>> out = new HashSet<>();
        decode(fieldsV1, List.of(), out);
        return out;
    }

    private static void decode(JsonNode node, List<String> path, Set<List<String>> out) {
        if (!node.isObject()) {
            return;
        }
        if (node.isEmpty() && !path.isEmpty()) {
            out.add(path);
            return;
        }
        for (Map.Entry<String, JsonNode> child : node.properties()) {
            if (child.getKey().equals(".")) {
                out.add(path);
            } else {
                decode(child.getValue(), append(path, child.getKey()), out);
            }
        }
    }

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        boolean member;

        ObjectNode render() {
            ObjectNode out = Json.object();
            if (member && !children.isEmpty()) {
                out.putObject(".");
            }
            children.forEach((element, child) -> out.set(element, child.render()));
            return out;
        }
    }
}
