package dev.daemonset.operator.sandbox.apiserver;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiFunction;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the meta.k8s.io/v1 Table kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}. Custom resources get the CRD's
 * additionalPrinterColumns; pods, nodes, events, namespaces, controllerrevisions, and the kinds of the
 * operator's own install (deployments, services, poddisruptionbudgets, roles, bindings) get the columns the
 * real API server prints; everything else NAME and AGE.
 */
public final class Tables {
    /** A column definition. Priority 0 columns are always shown, higher ones only with {@code -o wide}. */
    public record Column(String name, String type, String format, String description, int priority) {
        static Column of(String name, String type, int priority) {
            return new Column(name, type, name.equals("Name") ? "name" : "", "", priority);
        }
    }

    /** The columns of one resource and how an object becomes a row. */
    public record Definition(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> row) {}

    private final Clock clock;

    public Tables(Clock clock) {
        this.clock = clock;
    }

    /** True when the Accept header asks for a Table. */
    public static boolean wantsTable(String accept) {
        return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
    }

    public ObjectNode table(ResourceType type, List<JsonNode> objects, String resourceVersion, String includeObject) {
        return table(type, objects, resourceVersion, includeObject, true);
    }

    public ObjectNode table(
            ResourceType type,
            List<JsonNode> objects,
            String resourceVersion,
            String includeObject,
            boolean withColumns) {
        Definition def = definition(type);
        Instant now = clock.instant();
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        if (withColumns) {
            for (Column c : def.columns()) {
                ObjectNode col = columns.addObject();
                col.put("name", c.name());
                col.put("type", c.type());
                col.put("format", c.format());
                col.put("description", c.description());
                col.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode obj : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : def.row().apply(obj, now)) {
                if (cell == null) {
                    cells.addNull();
                } else if (cell instanceof Integer i) {
                    cells.add(i);
                } else if (cell instanceof Long l) {
                    cells.add(l);
                } else if (cell instanceof Boolean b) {
                    cells.add(b);
                } else if (cell instanceof Double d) {
                    cells.add(d);
                } else {
                    cells.add(cell.toString());
                }
            }
            JsonNode rowObject = rowObject(obj, includeObject);
            if (rowObject != null) {
                row.set("object", rowObject);
            }
        }
        return table;
    }

    private static JsonNode rowObject(JsonNode obj, String includeObject) {
        if ("None".equals(includeObject)) {
            return null;
        }
        if ("Object".equals(includeObject)) {
            return obj;
        }
        ObjectNode partial = Json.object();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", obj.path("metadata").deepCopy());
        return partial;
    }

    public Definition definition(ResourceType type) {
        if (type.isCustom()) {
            return custom(type);
        }
        return switch (type.group() + "/" + type.plural()) {
            case "/pods" -> PODS;
            case "/nodes" -> NODES;
            case "/events", "events.k8s.io/events" -> EVENTS;
            case "/namespaces" -> NAMESPACES;
            case "apps/controllerrevisions" -> CONTROLLER_REVISIONS;
            case "apps/deployments" -> DEPLOYMENTS;
            case "/services" -> SERVICES;
            case "policy/poddisruptionbudgets" -> POD_DISRUPTION_BUDGETS;
            case "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles" -> ROLES;
            case "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings" -> BINDINGS;
            default -> DEFAULT;
        };
    }

    private static final Definition DEFAULT = new Definition(
            List.of(Column.of("Name", "string", 0), Column.of("Age", "string", 0)),
            (obj, now) -> List.of(Json.name(obj), age(obj, now)));

    private static final Definition NAMESPACES = new Definition(
            List.of(Column.of("Name", "string", 0), Column.of("Status", "string", 0), Column.of("Age", "string", 0)),
            (obj, now) ->
                    List.of(Json.name(obj), Json.text(obj.path("status").path("phase"), "Active"), age(obj, now)));

    private static final Definition CONTROLLER_REVISIONS = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Controller", "string", 0),
                    Column.of("Revision", "integer", 0),
                    Column.of("Age", "string", 0)),
            (obj, now) -> {
                String controller = "<none>";
                for (JsonNode ref : Json.elements(obj.path("metadata").path("ownerReferences"))) {
                    if (ref.path("controller").asBoolean(false)) {
                        String apiVersion = Json.text(ref.path("apiVersion"), "");
                        int slash = apiVersion.indexOf('/');
                        String group = slash < 0 ? "" : "." + apiVersion.substring(0, slash);
                        controller = Json.text(ref.path("kind"), "").toLowerCase(Locale.ROOT) + group + "/"
                                + Json.text(ref.path("name"));
                    }
                }
                return List.of(Json.name(obj), controller, obj.path("revision").asLong(0), age(obj, now));
            });

    private static final Definition DEPLOYMENTS = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Ready", "string", 0),
                    Column.of("Up-to-date", "integer", 0),
                    Column.of("Available", "integer", 0),
                    Column.of("Age", "string", 0),
                    Column.of("Containers", "string", 1),
                    Column.of("Images", "string", 1),
                    Column.of("Selector", "string", 1)),
            (obj, now) -> {
                JsonNode status = obj.path("status");
                List<JsonNode> containers = Json.elements(
                        obj.path("spec").path("template").path("spec").path("containers"));
                return List.of(
                        Json.name(obj),
                        status.path("readyReplicas").asLong(0) + "/"
                                + obj.path("spec").path("replicas").asLong(1),
                        status.path("updatedReplicas").asLong(0),
                        status.path("availableReplicas").asLong(0),
                        age(obj, now),
                        joined(containers, c -> Json.text(c.path("name"), "")),
                        joined(containers, c -> Json.text(c.path("image"), "")),
                        labelSelector(obj.path("spec").path("selector")));
            });

    private static final Definition SERVICES = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Type", "string", 0),
                    Column.of("Cluster-IP", "string", 0),
                    Column.of("External-IP", "string", 0),
                    Column.of("Port(s)", "string", 0),
                    Column.of("Age", "string", 0),
                    Column.of("Selector", "string", 1)),
            (obj, now) -> {
                JsonNode spec = obj.path("spec");
                List<JsonNode> ports = Json.elements(spec.path("ports"));
                String portText = joined(
                        ports,
                        p -> p.path("port").asInt()
                                + (p.hasNonNull("nodePort")
                                        ? ":" + p.path("nodePort").asInt()
                                        : "") + "/" + Json.text(p.path("protocol"), "TCP"));
                List<JsonNode> externalIps = Json.elements(spec.path("externalIPs"));
                StringJoiner selector = new StringJoiner(",");
                spec.path("selector").properties().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> selector.add(e.getKey() + "=" + Json.text(e.getValue(), "")));
                return List.of(
                        Json.name(obj),
                        Json.text(spec.path("type"), "ClusterIP"),
                        Json.text(spec.path("clusterIP"), "<none>"),
                        externalIps.isEmpty() ? "<none>" : joined(externalIps, ip -> Json.text(ip, "")),
                        portText.isEmpty() ? "<none>" : portText,
                        age(obj, now),
                        selector.length() == 0 ? "<none>" : selector.toString());
            });

    private static final Definition POD_DISRUPTION_BUDGETS = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Min Available", "string", 0),
                    Column.of("Max Unavailable", "string", 0),
                    Column.of("Allowed Disruptions", "integer", 0),
                    Column.of("Age", "string", 0)),
            (obj, now) -> List.of(
                    Json.name(obj),
                    intOrString(obj.path("spec").path("minAvailable")),
                    intOrString(obj.path("spec").path("maxUnavailable")),
                    obj.path("status").path("disruptionsAllowed").asLong(0),
                    age(obj, now)));

    private static final Definition ROLES = new Definition(
            List.of(Column.of("Name", "string", 0), Column.of("Created At", "date", 0)),
            (obj, now) -> List.of(Json.name(obj), Json.text(obj.path("metadata").path("creationTimestamp"), "")));

    private static final Definition BINDINGS = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Role", "string", 0),
                    Column.of("Age", "string", 0),
                    Column.of("Users", "string", 1),
                    Column.of("Groups", "string", 1),
                    Column.of("ServiceAccounts", "string", 1)),
            (obj, now) -> {
                List<JsonNode> subjects = Json.elements(obj.path("subjects"));
                JsonNode ref = obj.path("roleRef");
                return List.of(
                        Json.name(obj),
                        Json.text(ref.path("kind"), "") + "/" + Json.text(ref.path("name"), ""),
                        age(obj, now),
                        subjects(subjects, "User"),
                        subjects(subjects, "Group"),
                        subjects(subjects, "ServiceAccount"));
            });

    private static final Definition PODS = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Ready", "string", 0),
                    Column.of("Status", "string", 0),
                    Column.of("Restarts", "string", 0),
                    Column.of("Age", "string", 0),
                    Column.of("IP", "string", 1),
                    Column.of("Node", "string", 1),
                    Column.of("Nominated Node", "string", 1),
                    Column.of("Readiness Gates", "string", 1)),
            Tables::podRow);

    private static final Definition NODES = new Definition(
            List.of(
                    Column.of("Name", "string", 0),
                    Column.of("Status", "string", 0),
                    Column.of("Roles", "string", 0),
                    Column.of("Age", "string", 0),
                    Column.of("Version", "string", 0),
                    Column.of("Internal-IP", "string", 1),
                    Column.of("External-IP", "string", 1),
                    Column.of("OS-Image", "string", 1),
                    Column.of("Kernel-Version", "string", 1),
                    Column.of("Container-Runtime", "string", 1)),
            Tables::nodeRow);

    private static final Definition EVENTS = new Definition(
            List.of(
                    Column.of("Last Seen", "string", 0),
                    Column.of("Type", "string", 0),
                    Column.of("Reason", "string", 0),
                    Column.of("Object", "string", 0),
                    Column.of("Subobject", "string", 1),
                    Column.of("Source", "string", 1),
                    Column.of("Message", "string", 0),
                    Column.of("First Seen", "string", 1),
                    Column.of("Count", "string", 1),
                    Column.of("Name", "string", 1)),
            Tables::eventRow);

    private static List<Object> podRow(JsonNode pod, Instant now) {
        JsonNode status = pod.path("status");
        List<JsonNode> containerStatuses = Json.elements(status.path("containerStatuses"));
        int total = Json.elements(pod.path("spec").path("containers")).size();
        int ready = 0;
        long restarts = 0;
        Instant lastRestart = null;
        String reason = Json.text(status.path("reason"), Json.text(status.path("phase"), "Pending"));
        boolean hasRunning = false;
        for (int i = containerStatuses.size() - 1; i >= 0; i--) {
            JsonNode cs = containerStatuses.get(i);
            restarts += cs.path("restartCount").asLong(0);
            Instant finished =
                    Json.timestamp(cs.path("lastState").path("terminated").path("finishedAt"));
            if (finished != null && (lastRestart == null || finished.isAfter(lastRestart))) {
                lastRestart = finished;
            }
            JsonNode state = cs.path("state");
            String waiting = Json.text(state.path("waiting").path("reason"));
            String terminated = Json.text(state.path("terminated").path("reason"));
            if (waiting != null && !waiting.isEmpty()) {
                reason = waiting;
            } else if (state.has("terminated")) {
                reason = terminated != null && !terminated.isEmpty()
                        ? terminated
                        : "ExitCode:"
                                + state.path("terminated").path("exitCode").asInt(0);
            } else if (state.has("running") && cs.path("ready").asBoolean(false)) {
                hasRunning = true;
                ready++;
            }
        }
        if ("Completed".equals(reason) && hasRunning) {
            reason = isPodReady(pod) ? "Running" : "NotReady";
        }
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            reason = "NodeLost".equals(Json.text(status.path("reason"))) ? "Unknown" : "Terminating";
        }
        String restartText = String.valueOf(restarts);
        if (restarts > 0 && lastRestart != null) {
            restartText += " (" + HumanDuration.since(lastRestart, now) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Json.name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartText);
        cells.add(age(pod, now));
        cells.add(Json.text(status.path("podIP"), "<none>"));
        cells.add(Json.text(pod.path("spec").path("nodeName"), "<none>"));
        cells.add(Json.text(status.path("nominatedNodeName"), "<none>"));
        List<JsonNode> gates = Json.elements(pod.path("spec").path("readinessGates"));
        cells.add(gates.isEmpty() ? "<none>" : gates.size() + "");
        return cells;
    }

    private static boolean isPodReady(JsonNode pod) {
        for (JsonNode c : Json.elements(pod.path("status").path("conditions"))) {
            if ("Ready".equals(Json.text(c.path("type")))) {
                return "True".equals(Json.text(c.path("status")));
            }
        }
        return false;
    }

    private static List<Object> nodeRow(JsonNode node, Instant now) {
        StringJoiner status = new StringJoiner(",");
        boolean found = false;
        for (JsonNode c : Json.elements(node.path("status").path("conditions"))) {
            if ("Ready".equals(Json.text(c.path("type")))) {
                found = true;
                status.add("True".equals(Json.text(c.path("status"))) ? "Ready" : "NotReady");
            }
        }
        if (!found) {
            status.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        List<String> roles = new ArrayList<>();
        node.path("metadata").path("labels").properties().forEach(e -> {
            if (e.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
            } else if (e.getKey().equals("kubernetes.io/role")) {
                roles.add(Json.text(e.getValue(), ""));
            }
        });
        JsonNode info = node.path("status").path("nodeInfo");
        String internalIp = "<none>";
        String externalIp = "<none>";
        for (JsonNode a : Json.elements(node.path("status").path("addresses"))) {
            if ("InternalIP".equals(Json.text(a.path("type")))) {
                internalIp = Json.text(a.path("address"), "<none>");
            } else if ("ExternalIP".equals(Json.text(a.path("type")))) {
                externalIp = Json.text(a.path("address"), "<none>");
            }
        }
        return List.of(
                Json.name(node),
                status.toString(),
                roles.isEmpty() ? "<none>" : String.join(",", roles),
                age(node, now),
                Json.text(info.path("kubeletVersion"), ""),
                internalIp,
                externalIp,
                Json.text(info.path("osImage"), "<unknown>"),
                Json.text(info.path("kernelVersion"), "<unknown>"),
                Json.text(info.path("containerRuntimeVersion"), "<unknown>"));
    }

    private static List<Object> eventRow(JsonNode ev, Instant now) {
        JsonNode regarding = ev.has("involvedObject") ? ev.path("involvedObject") : ev.path("regarding");
        Instant first = firstNonNull(
                Json.timestamp(ev.path("firstTimestamp")),
                Json.timestamp(ev.path("deprecatedFirstTimestamp")),
                Json.timestamp(ev.path("eventTime")),
                Json.timestamp(ev.path("metadata").path("creationTimestamp")));
        Instant last = firstNonNull(
                Json.timestamp(ev.path("lastTimestamp")),
                Json.timestamp(ev.path("deprecatedLastTimestamp")),
                Json.timestamp(ev.path("series").path("lastObservedTime")),
                first);
        long count = ev.path("count")
                .asLong(ev.path("deprecatedCount")
                        .asLong(ev.path("series").path("count").asLong(1)));
        String lastSeen = HumanDuration.since(last, now);
        if (count > 1) {
            lastSeen += " (x" + count + " over " + HumanDuration.since(first, now) + ")";
        }
        String object = Json.text(regarding.path("kind"), "").toLowerCase(Locale.ROOT) + "/"
                + Json.text(regarding.path("name"), "");
        String source = Json.text(ev.path("source").path("component"), Json.text(ev.path("reportingController"), ""));
        String host = Json.text(ev.path("source").path("host"));
        if (host != null && !host.isEmpty()) {
            source += ", " + host;
        }
        String message = Json.text(ev.path("message"), Json.text(ev.path("note"), ""));
        return List.of(
                lastSeen,
                Json.text(ev.path("type"), ""),
                Json.text(ev.path("reason"), ""),
                object,
                Json.text(regarding.path("fieldPath"), ""),
                source,
                message.trim(),
                HumanDuration.since(first, now),
                String.valueOf(count),
                Json.name(ev));
    }

    private static String joined(List<JsonNode> nodes, Function<JsonNode, String> text) {
        StringJoiner j = new StringJoiner(",");
        nodes.forEach(n -> j.add(text.apply(n)));
        return j.toString();
    }

    private static String intOrString(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "N/A" : Json.text(value, value.toString());
    }

    /** A label selector as kubectl formats one: {@code k=v,k2 in (a,b)}, {@code <none>} when empty. */
    private static String labelSelector(JsonNode selector) {
        StringJoiner j = new StringJoiner(",");
        selector.path("matchLabels").properties().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> j.add(e.getKey() + "=" + Json.text(e.getValue(), "")));
        for (JsonNode expr : Json.elements(selector.path("matchExpressions"))) {
            String key = Json.text(expr.path("key"), "");
            String op = Json.text(expr.path("operator"), "");
            String values = joined(Json.elements(expr.path("values")), v -> Json.text(v, ""));
            j.add(
                    switch (op) {
                        case "In" -> key + " in (" + values + ")";
                        case "NotIn" -> key + " notin (" + values + ")";
                        case "Exists" -> key;
                        case "DoesNotExist" -> "!" + key;
                        default -> key + " " + op + " (" + values + ")";
                    });
        }
        return j.length() == 0 ? "<none>" : j.toString();
    }

    /** The subjects of one kind; service accounts as namespace/name. */
    private static String subjects(List<JsonNode> subjects, String kind) {
        StringJoiner j = new StringJoiner(", ");
        for (JsonNode s : subjects) {
            if (kind.equals(Json.text(s.path("kind")))) {
                String name = Json.text(s.path("name"), "");
                String ns = Json.text(s.path("namespace"));
                j.add(kind.equals("ServiceAccount") ? (ns == null ? "" : ns) + "/" + name : name);
            }
        }
        return j.toString();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String age(JsonNode obj, Instant now) {
        return HumanDuration.since(Json.timestamp(obj.path("metadata").path("creationTimestamp")), now);
    }

    private Definition custom(ResourceType type) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0));
        List<ResourceType.PrinterColumn> printer = type.printerColumns();
        if (printer.isEmpty()) {
            columns.add(Column.of("Age", "date", 0));
            return new Definition(columns, (obj, now) -> List.of(Json.name(obj), age(obj, now)));
        }
        for (ResourceType.PrinterColumn pc : printer) {
            columns.add(new Column(pc.name(), pc.type(), pc.format(), pc.description(), pc.priority()));
        }
        return new Definition(columns, (obj, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Json.name(obj));
            for (ResourceType.PrinterColumn pc : printer) {
                cells.add(cell(pc, JsonPaths.find(obj, pc.jsonPath()), now));
            }
            return cells;
        });
    }

    private static Object cell(ResourceType.PrinterColumn pc, JsonNode value, Instant now) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        switch (pc.type()) {
            case "integer":
                return value.isNumber() ? (Object) value.asLong() : Json.text(value);
            case "number":
                return value.isNumber() ? (Object) value.asDouble() : Json.text(value);
            case "boolean":
                return value.isBoolean() ? (Object) value.asBoolean() : Json.text(value);
            case "date":
                Instant t = Json.timestamp(value);
                return t == null ? Json.text(value) : HumanDuration.since(t, now);
            default:
                if (value.isObject()
                        && value.properties().stream()
                                .anyMatch(e -> e.getValue().isContainer())) {
                    return Json.write(value); // as the API server prints a nested object: its JSON (.spec.selector)
                }
                if (value.isObject()) {
                    StringJoiner j = new StringJoiner(",");
                    value.properties()
                            .forEach(e -> j.add(e.getKey() + "=" + Json.text(e.getValue(), Json.write(e.getValue()))));
                    return j.length() == 0 ? null : j.toString();
                }
                if (value.isArray()) {
                    StringJoiner j = new StringJoiner(",");
                    value.forEach(v -> j.add(Json.text(v, Json.write(v))));
                    return j.toString();
                }
                return Json.text(value);
        }
    }
}
