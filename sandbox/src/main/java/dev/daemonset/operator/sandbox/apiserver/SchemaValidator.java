package dev.daemonset.operator.sandbox.apiserver;

import dev.daemonset.operator.sandbox.apiserver.FieldError.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Validates a custom resource against its CRD's structural schema as the API server does on create and
 * update: the OpenAPI keywords first (with the API server's wording), then list-type uniqueness, then the
 * {@code x-kubernetes-validations} CEL rules, which are skipped, as upstream, when a schema error already
 * makes the object unfit for them (a wrong type, a missing required field, an unsupported enum value, a
 * size limit exceeded).
 *
 * <p>On update a value equal to the stored one is not validated again (the API server's validation
 * ratcheting, on by default since 1.30), except by the transition rules, which compare it with itself.
 * That also keeps a status write cheap: the unchanged spec is not walked.
 */
public final class SchemaValidator {
    /** Which part of the object a write may change. */
    public enum Scope {
        /** A create or update of the resource: everything but the status, which the /status subresource owns. */
        WITHOUT_STATUS,
        /** A write to the /status subresource. */
        STATUS_ONLY,
        /** The whole object (a kind without a status subresource). */
        ALL
    }

    /**
     * The errors found; {@code rulesSkipped} says the CEL rules were not evaluated because of a blocking
     * schema error (the API server then adds {@link #rulesNotCheckedError()}).
     */
    public record Result(List<FieldError> errors, boolean rulesSkipped) {
        public boolean isValid() {
            return errors.isEmpty();
        }

        /** The errors as the API server reports them, with its note about the rules it did not check. */
        public List<FieldError> reported() {
            if (!rulesSkipped) {
                return errors;
            }
            List<FieldError> out = new ArrayList<>(errors);
            out.add(rulesNotCheckedError());
            return out;
        }
    }

    private static final Set<Type> BLOCKING =
            Set.of(Type.NOT_SUPPORTED, Type.REQUIRED, Type.TOO_LONG, Type.TOO_MANY, Type.TYPE_INVALID);
    private static final double MAX_JSON_INTEGER = 9007199254740991d;

    private final StructuralSchema root;

    public SchemaValidator(StructuralSchema root) {
        this.root = root;
    }

    public StructuralSchema schema() {
        return root;
    }

    public static FieldError rulesNotCheckedError() {
        return new FieldError(
                Type.INVALID,
                FieldError.NO_FIELD,
                GoFormat.quote("null"),
                "some validation rules were not checked because "
                        + "the object was invalid; correct the existing errors to complete validation",
                null);
    }

    /** Validates a create ({@code old} null) or an update of {@code obj} within {@code scope}. */
    public Result validate(JsonNode obj, JsonNode old, Scope scope) {
        Walk walk = new Walk();
        Predicate<String> inScope = switch (scope) {
            case ALL -> name -> true;
            case WITHOUT_STATUS -> name -> !"status".equals(name);
            case STATUS_ONLY -> "status"::equals;
        };
        walk.schemaNode(root, obj, old, "", true, inScope);
        List<FieldError> errors = new ArrayList<>(walk.schemaErrors);
        errors.addAll(walk.listErrors);
        boolean blocked = errors.stream().anyMatch(e -> BLOCKING.contains(e.type()));
        if (!blocked) {
            walk.rules(root, obj, old, "", inScope);
            errors.addAll(walk.ruleErrors);
        }
        return new Result(List.copyOf(errors), blocked && root.rulesBelow);
    }

    /** The JSON type the API server sees: integers are JSON integers within int64, or floats that are whole numbers. */
    static String jsonType(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isString()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? "integer" : "number";
        }
        return "number";
    }

    private static final class Walk {
        final List<FieldError> schemaErrors = new ArrayList<>();
        final List<FieldError> listErrors = new ArrayList<>();
        final List<FieldError> ruleErrors = new ArrayList<>();

        // ---- OpenAPI keywords

        void schemaNode(
                StructuralSchema s,
                JsonNode value,
                JsonNode old,
                String path,
                boolean isRoot,
                Predicate<String> inScope) {
            if (old != null && value.equals(old)) {
                return;
            }
            if (!valueChecks(s, value, path, schemaErrors)) {
                return;
            }
            if (value.isObject()) {
                s.properties.forEach((name, child) -> {
                    JsonNode v = value.get(name);
                    if (v != null && (!isRoot || inScope.test(name))) {
                        schemaNode(child, v, old == null ? null : old.get(name), join(path, name), false, inScope);
                    }
                });
                if (s.additionalProperties != null) {
                    value.properties().forEach(e -> {
                        if (!s.properties.containsKey(e.getKey())) {
                            schemaNode(
                                    s.additionalProperties,
                                    e.getValue(),
                                    old == null ? null : old.get(e.getKey()),
                                    path + "[" + e.getKey() + "]",
                                    false,
                                    inScope);
                        }
                    });
                }
            } else if (value.isArray() && s.items != null) {
                Map<Object, JsonNode> oldItems = correlate(s, old);
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    schemaNode(s.items, item, oldItem(oldItems, s, item), path + "[" + i + "]", false, inScope);
                }
                listTypeChecks(s, value, path);
            }
        }

        /** The keywords that look at this value alone; false when its type is wrong, so nothing else applies. */
        boolean valueChecks(StructuralSchema s, JsonNode value, String path, List<FieldError> out) {
            String type = jsonType(value);
            if (value.isNull()) {
                if (!s.types.isEmpty() && !s.nullable) {
                    out.add(typeError(s, path, "null"));
                    return false;
                }
                return true;
            }
            boolean wholeFloat = "number".equals(type) && isWholeJsonNumber(value);
            if (!s.allowsType(type)
                    && !(wholeFloat && s.types.contains("integer"))
                    && !("integer".equals(type) && s.types.contains("number"))) {
                out.add(typeError(s, path, type));
                return false;
            }
            if (!s.enumValues.isEmpty() && s.enumValues.stream().noneMatch(e -> sameJson(e, value))) {
                out.add(new FieldError(
                        Type.NOT_SUPPORTED,
                        path,
                        GoFormat.value(value),
                        "supported values: "
                                + s.enumValues.stream()
                                        .map(e -> GoFormat.quote(e.isString() ? e.stringValue() : e.toString()))
                                        .collect(Collectors.joining(", ")),
                        null));
            }
            if (value.isNumber()) {
                numberChecks(s, value, path, out);
            } else if (value.isString()) {
                stringChecks(s, value.stringValue(), path, out);
            } else if (value.isArray()) {
                arrayChecks(s, value, path, out);
            } else if (value.isObject()) {
                objectChecks(s, value, path, out);
            }
            junctorChecks(s, value, path, out);
            return true;
        }

        private static FieldError typeError(StructuralSchema s, String path, String actual) {
            return new FieldError(
                    Type.TYPE_INVALID,
                    path,
                    GoFormat.quote(actual),
                    inBody(path) + " must be of type "
                            + String.join(",", s.intOrString ? List.of("integer", "string") : List.copyOf(s.types))
                            + ": "
                            + GoFormat.quote(actual),
                    null);
        }

        private static void numberChecks(StructuralSchema s, JsonNode value, String path, List<FieldError> out) {
            BigDecimal v = value.decimalValue();
            boolean integral = value.isIntegralNumber() && value.canConvertToLong();
            String shown = GoFormat.value(value);
            if (s.multipleOf != null
                    && s.multipleOf.signum() > 0
                    && v.remainder(s.multipleOf).compareTo(BigDecimal.ZERO) != 0) {
                out.add(new FieldError(
                        Type.INVALID,
                        path,
                        shown,
                        inBody(path) + " should be a multiple of " + bound(s.multipleOf, integral),
                        null));
            }
            if (s.maximum != null) {
                int c = v.compareTo(s.maximum);
                if (c > 0 || (c == 0 && s.exclusiveMaximum)) {
                    out.add(new FieldError(
                            Type.INVALID,
                            path,
                            shown,
                            inBody(path) + " should be less than " + (s.exclusiveMaximum ? "" : "or equal to ")
                                    + bound(s.maximum, integral),
                            null));
                }
            }
            if (s.minimum != null) {
                int c = v.compareTo(s.minimum);
                if (c < 0 || (c == 0 && s.exclusiveMinimum)) {
                    out.add(new FieldError(
                            Type.INVALID,
                            path,
                            shown,
                            inBody(path) + " should be greater than " + (s.exclusiveMinimum ? "" : "or equal to ")
                                    + bound(s.minimum, integral),
                            null));
                }
            }
        }

        /** A bound is printed as an integer against an integer value, as a Go float otherwise. */
        private static String bound(BigDecimal b, boolean integralValue) {
            return integralValue ? b.toBigInteger().toString() : GoFormat.number(b.doubleValue());
        }

        private static void stringChecks(StructuralSchema s, String str, String path, List<FieldError> out) {
            long length = s.maxLength != null || s.minLength != null ? str.codePointCount(0, str.length()) : 0;
            if (s.maxLength != null && length > s.maxLength) {
                out.add(new FieldError(
                        Type.TOO_LONG, path, null, "may not be more than " + s.maxLength + " characters", null));
            }
            if (s.minLength != null && length < s.minLength) {
                out.add(new FieldError(
                        Type.INVALID,
                        path,
                        GoFormat.quote(str),
                        inBody(path) + " should be at least " + s.minLength + " chars long",
                        null));
            }
            if (s.pattern != null && !s.pattern.matcher(str).find()) {
                out.add(new FieldError(
                        Type.INVALID,
                        path,
                        GoFormat.quote(str),
                        inBody(path) + " should match '" + s.patternSource + "'",
                        null));
            }
            if (s.format != null && !StringFormats.accepts(s.format, str)) {
                out.add(new FieldError(
                        Type.TYPE_INVALID,
                        path,
                        GoFormat.quote(str),
                        inBody(path) + " must be of type " + s.format + ": " + GoFormat.quote(str),
                        null));
            }
        }

        private static void arrayChecks(StructuralSchema s, JsonNode array, String path, List<FieldError> out) {
            int size = array.size();
            if (s.maxItems != null && size > s.maxItems) {
                out.add(new FieldError(
                        Type.TOO_MANY,
                        path,
                        Integer.toString(size),
                        "must have at most " + s.maxItems + (s.maxItems == 1 ? " item" : " items"),
                        null));
            }
            if (s.minItems != null && size < s.minItems) {
                out.add(new FieldError(
                        Type.INVALID,
                        path,
                        Integer.toString(size),
                        inBody(path) + " should have at least " + s.minItems + " items",
                        null));
            }
            if (s.uniqueItems && new HashSet<>(Json.elements(array)).size() < size) {
                out.add(new FieldError(
                        Type.INVALID, path, "\"\"", inBody(path) + " shouldn't contain duplicates", null));
            }
        }

        private static void objectChecks(StructuralSchema s, JsonNode obj, String path, List<FieldError> out) {
            int size = obj.size();
            if (s.maxProperties != null && size > s.maxProperties) {
                out.add(new FieldError(
                        Type.TOO_MANY,
                        path,
                        Integer.toString(size),
                        "must have at most " + s.maxProperties + " properties",
                        null));
            }
            if (s.minProperties != null && size < s.minProperties) {
                out.add(new FieldError(
                        Type.INVALID,
                        path,
                        Integer.toString(size),
                        inBody(path) + " should have at least " + s.minProperties + " properties",
                        null));
            }
            for (String name : s.required) {
                JsonNode v = obj.get(name);
                if (v == null || v.isNull() && !isNullable(s, name)) {
                    out.add(new FieldError(Type.REQUIRED, join(path, name), null, null, null));
                }
            }
            if (s.embeddedResource && size > 0) {
                for (String name : List.of("apiVersion", "kind")) {
                    if (!obj.has(name)) {
                        out.add(new FieldError(Type.REQUIRED, join(path, name), null, "must not be empty", null));
                    }
                }
            }
        }

        private static boolean isNullable(StructuralSchema s, String name) {
            StructuralSchema child = s.properties.get(name);
            return child != null && child.nullable;
        }

        /** allOf, anyOf, oneOf and not; the API server reports their failures against no field. */
        private void junctorChecks(StructuralSchema s, JsonNode value, String path, List<FieldError> out) {
            for (StructuralSchema each : s.allOf) {
                alone(each, value, path, out);
            }
            if (!s.anyOf.isEmpty() && s.anyOf.stream().noneMatch(a -> alone(a, value, path, new ArrayList<>()))) {
                out.add(junctorError(inBodyless(path) + " must validate at least one schema (anyOf)"));
            }
            if (!s.oneOf.isEmpty()
                    && s.oneOf.stream()
                                    .filter(a -> alone(a, value, path, new ArrayList<>()))
                                    .count()
                            != 1) {
                out.add(junctorError(inBodyless(path) + " must validate one and only one schema (oneOf)"));
            }
            if (s.not != null && alone(s.not, value, path, new ArrayList<>())) {
                out.add(junctorError(inBodyless(path) + " must not validate the schema (not)"));
            }
        }

        /** Validates a junctor branch with its own value keywords and those of its properties; true when it holds. */
        private boolean alone(StructuralSchema s, JsonNode value, String path, List<FieldError> out) {
            int before = out.size();
            if (valueChecks(s, value, path, out) && value.isObject()) {
                s.properties.forEach((name, child) -> {
                    JsonNode v = value.get(name);
                    if (v != null) {
                        alone(child, v, join(path, name), out);
                    }
                });
            } else if (value.isArray() && s.items != null) {
                for (int i = 0; i < value.size(); i++) {
                    alone(s.items, value.get(i), path + "[" + i + "]", out);
                }
            }
            return out.size() == before;
        }

        private static FieldError junctorError(String detail) {
            return new FieldError(Type.INVALID, FieldError.NO_FIELD, "\"\"", detail, null);
        }

        /** x-kubernetes-list-type set and map: no two items alike (sets) or with the same keys (maps). */
        private void listTypeChecks(StructuralSchema s, JsonNode list, String path) {
            if (!"set".equals(s.listType) && !"map".equals(s.listType)) {
                return;
            }
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                Object key = itemKey(s, item);
                if (key != null && !seen.add(key)) {
                    String shown =
                            "set".equals(s.listType) ? GoFormat.value(item) : GoFormat.goSyntax(keyObject(s, item));
                    listErrors.add(new FieldError(Type.DUPLICATE, path + "[" + i + "]", shown, null, null));
                }
            }
        }

        // ---- CEL rules

        void rules(StructuralSchema s, JsonNode value, JsonNode old, String path, Predicate<String> inScope) {
            if (!s.rulesBelow || value == null || value.isNull()) {
                return;
            }
            boolean unchanged = old != null && value.equals(old);
            if (unchanged && !s.transitionRulesBelow) {
                return;
            }
            if (!s.rules.isEmpty()) {
                Object self = CelRule.toCel(value);
                Object oldSelf = old == null || old.isNull() ? null : CelRule.toCel(old);
                for (CelRule rule : s.rules) {
                    if ((rule.isTransition() && oldSelf == null) || (unchanged && !rule.isTransition())) {
                        continue;
                    }
                    evaluate(s, rule, value, self, rule.isTransition() ? oldSelf : null, path);
                }
            }
            if (value.isObject()) {
                boolean isRoot = path.isEmpty();
                s.properties.forEach((name, child) -> {
                    if (!isRoot || inScope.test(name)) {
                        rules(child, value.get(name), old == null ? null : old.get(name), join(path, name), inScope);
                    }
                });
                if (s.additionalProperties != null) {
                    value.properties().forEach(e -> {
                        if (!s.properties.containsKey(e.getKey())) {
                            rules(
                                    s.additionalProperties,
                                    e.getValue(),
                                    old == null ? null : old.get(e.getKey()),
                                    path + "[" + e.getKey() + "]",
                                    inScope);
                        }
                    });
                }
            } else if (value.isArray() && s.items != null) {
                Map<Object, JsonNode> oldItems = correlate(s, old);
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    rules(s.items, item, oldItem(oldItems, s, item), path + "[" + i + "]", inScope);
                }
            }
        }

        private void evaluate(
                StructuralSchema s, CelRule rule, JsonNode value, Object self, Object oldSelf, String path) {
            CelRule.Outcome outcome = rule.evaluate(self, oldSelf);
            String shownType = GoFormat.quote(
                    s.intOrString || s.types.isEmpty() ? "" : s.types.iterator().next());
            if (outcome instanceof CelRule.Error error) {
                ruleErrors.add(new FieldError(Type.INVALID, path, shownType, error.message(), rule.rule()));
            } else if (outcome instanceof CelRule.Failed failed) {
                String field = rule.fieldPath() == null ? path : path + rule.fieldPath();
                Type type = switch (rule.reason() == null ? "" : rule.reason()) {
                    case "FieldValueForbidden" -> Type.FORBIDDEN;
                    case "FieldValueRequired" -> Type.REQUIRED;
                    case "FieldValueDuplicate" -> Type.DUPLICATE;
                    default -> Type.INVALID;
                };
                String detail = type == Type.DUPLICATE ? null : failed.message();
                ruleErrors.add(new FieldError(type, field, shownType, detail, rule.rule()));
            }
        }
    }

    // ---- list item correlation (the API server pairs the items of set and map lists with the old ones)

    private static Map<Object, JsonNode> correlate(StructuralSchema s, JsonNode old) {
        if (old == null || !old.isArray() || !("set".equals(s.listType) || "map".equals(s.listType))) {
            return Map.of();
        }
        Map<Object, JsonNode> out = new HashMap<>();
        old.forEach(item -> {
            Object key = itemKey(s, item);
            if (key != null) {
                out.putIfAbsent(key, item);
            }
        });
        return out;
    }

    private static JsonNode oldItem(Map<Object, JsonNode> oldItems, StructuralSchema s, JsonNode item) {
        Object key = itemKey(s, item);
        return key == null ? null : oldItems.get(key);
    }

    /** The identity of a list item: itself in a set, its key fields in a map list, none in an atomic list. */
    private static Object itemKey(StructuralSchema s, JsonNode item) {
        if ("set".equals(s.listType)) {
            return item;
        }
        if ("map".equals(s.listType) && item.isObject()) {
            return keyObject(s, item);
        }
        return null;
    }

    private static JsonNode keyObject(StructuralSchema s, JsonNode item) {
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        for (String k : s.listMapKeys) {
            keys.put(
                    k, item.path(k).isMissingNode() ? tools.jackson.databind.node.NullNode.getInstance() : item.get(k));
        }
        return Json.MAPPER.valueToTree(keys);
    }

    /** Numeric JSON values compare by value (1 and 1.0 are the same enum value), others structurally. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean isWholeJsonNumber(JsonNode n) {
        double d = n.doubleValue();
        return !Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) <= MAX_JSON_INTEGER && d == Math.rint(d);
    }

    private static String inBody(String path) {
        return (path.isEmpty() ? "body" : path) + " in body";
    }

    private static String inBodyless(String path) {
        return path.isEmpty() ? "body" : path;
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
