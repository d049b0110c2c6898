package dev.daemonset.operator.sandbox.apiserver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server does to a custom resource on every write, for each CRD the sandbox stores (the
 * DaemonSet CRD installed at start, and any created through the API): unknown fields pruned (refused
 * under {@code fieldValidation=Strict}, warned about under {@code Warn}), then the schema and its CEL rules
 * checked, a failure answered with the API server's 422 {@code Invalid} Status. Schemas are read and
 * their rules compiled once per CRD version, not per request.
 */
final class CustomResourceValidation {
    /** How a write reaches the object. */
    enum Write {
        CREATE,
        UPDATE,
        STATUS
    }

    private record Key(String group, String version, String plural) {}

    private record Snapshot(List<JsonNode> crds, Map<Key, StructuralSchema> schemas) {}

    private final Supplier<List<JsonNode>> crds;
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    CustomResourceValidation(Supplier<List<JsonNode>> crds) {
        this.crds = crds;
    }

    /**
     * Prunes and defaults {@code obj} in place and validates it ({@code old} is the stored object on
     * updates); returns the Warning header values for unknown fields under Warn. Throws the API server's
     * 400 for unknown fields under Strict and its 422 for an invalid object.
     */
    List<String> admit(ResourceType type, FieldValidation.Mode mode, ObjectNode obj, JsonNode old, Write write) {
        StructuralSchema schema = schemaOf(type);
        if (schema == null) {
            return List.of();
        }
        boolean statusOnly = write == Write.STATUS;
        List<String> unknown = SchemaPruning.apply(schema, obj, statusOnly ? "status" : null);
        List<String> warnings = FieldValidation.report(mode, obj, unknown);
        SchemaValidator.Scope scope = statusOnly
                ? SchemaValidator.Scope.STATUS_ONLY
                : type.hasStatus() ? SchemaValidator.Scope.WITHOUT_STATUS : SchemaValidator.Scope.ALL;
        SchemaValidator.Result result =
                new SchemaValidator(schema).validate(obj, write == Write.CREATE ? null : old, scope);
        if (!result.isValid()) {
            throw invalid(type, Json.name(obj), result.reported());
        }
        return warnings;
    }

    /** The API server's answer to an invalid object: 422, reason Invalid, one cause per field error. */
    static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
        // the API server lists an identical error once
        List<String> lines = new LinkedHashSet<>(
                        errors.stream().map(FieldError::toString).toList())
                .stream().toList();
        String qualifiedKind = type.isCore() ? type.kind() : type.kind() + "." + type.group();
        String message = qualifiedKind + " \"" + name + "\" is invalid: "
                + (lines.size() == 1 ? lines.get(0) : "[" + String.join(", ", lines) + "]");
        ObjectNode details = Json.object();
        details.put("name", name);
        if (!type.isCore()) {
            details.put("group", type.group());
        }
        details.put("kind", type.kind());
        ArrayNode causes = details.putArray("causes");
        for (FieldError e : errors) {
            causes.addObject()
                    .put("reason", e.reason())
                    .put("message", e.body())
                    .put("field", e.field());
        }
        return new ApiException(422, "Invalid", message, details);
    }

    private StructuralSchema schemaOf(ResourceType type) {
        List<JsonNode> current = crds.get();
        Snapshot s = snapshot;
        if (s.crds() != current) {
            s = new Snapshot(current, read(current));
            snapshot = s;
        }
        return s.schemas().get(new Key(type.group(), type.version(), type.plural()));
    }

    /** Reads the schemas of the stored CRDs, reusing those of CRD versions whose schema did not change. */
    private static Map<Key, StructuralSchema> read(List<JsonNode> crds) {
        Map<Key, StructuralSchema> out = new HashMap<>();
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            String group = Json.text(spec.path("group"), "");
            String plural = Json.text(spec.path("names").path("plural"), "");
            for (JsonNode v : Json.elements(spec.path("versions"))) {
                JsonNode openApi = v.path("schema").path("openAPIV3Schema");
                if (openApi.isObject()) {
                    out.put(
                            new Key(group, Json.text(v.path("name"), ""), plural),
                            SCHEMAS.computeIfAbsent(openApi, StructuralSchema::of));
                }
            }
        }
        return Map.copyOf(out);
    }

    // keyed by the schema's JSON (equal JSON, equal schema): a CRD re-applied unchanged is not recompiled
    private static final Map<JsonNode, StructuralSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
}
