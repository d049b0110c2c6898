package dev.daemonset.operator.sandbox.apiserver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * One node of a CRD's {@code openAPIV3Schema}, read once from the CRD's JSON with its CEL rules compiled,
 * so that validating a request walks plain fields instead of re-reading the CRD.
 */
public final class StructuralSchema {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StructuralSchema.class);
    final Set<String> types;
    final boolean nullable;
    final boolean intOrString;
    final boolean preserveUnknownFields;
    final boolean embeddedResource;
    final List<JsonNode> enumValues;
    final BigDecimal minimum;
    final BigDecimal maximum;
    final boolean exclusiveMinimum;
    final boolean exclusiveMaximum;
    final BigDecimal multipleOf;
    final Long minLength;
    final Long maxLength;
    final Pattern pattern;
    final String patternSource;
    final String format;
    final Long minItems;
    final Long maxItems;
    final boolean uniqueItems;
    final Long minProperties;
    final Long maxProperties;
    final List<String> required;
    final String listType;
    final List<String> listMapKeys;
    final String mapType;
    final Map<String, StructuralSchema> properties;
    final StructuralSchema additionalProperties;
    final StructuralSchema items;
    final List<StructuralSchema> allOf;
    final List<StructuralSchema> anyOf;
    final List<StructuralSchema> oneOf;
    final StructuralSchema not;
    final JsonNode defaultValue;
    final List<CelRule> rules;
    /** Whether this node or one below carries a CEL rule, or only a transition rule: lets walks skip plain subtrees. */
    final boolean rulesBelow;

    final boolean transitionRulesBelow;

    private StructuralSchema(JsonNode s) {
        intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        String type = Json.text(s.path("type"));
        types = intOrString ? Set.of("integer", "string") : type == null || type.isEmpty() ? Set.of() : Set.of(type);
        nullable = s.path("nullable").asBoolean(false);
        preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        enumValues = s.has("enum") ? Json.elements(s.get("enum")) : List.of();
        minimum = decimal(s.path("minimum"));
        maximum = decimal(s.path("maximum"));
        exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
        exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
        multipleOf = decimal(s.path("multipleOf"));
        minLength = count(s.path("minLength"));
        maxLength = count(s.path("maxLength"));
        patternSource = Json.text(s.path("pattern"));
        pattern = compilePattern(patternSource);
        format = Json.text(s.path("format"));
        minItems = count(s.path("minItems"));
        maxItems = count(s.path("maxItems"));
        uniqueItems = s.path("uniqueItems").asBoolean(false);
        minProperties = count(s.path("minProperties"));
        maxProperties = count(s.path("maxProperties"));
        required = strings(s.path("required"));
        listType = Json.text(s.path("x-kubernetes-list-type"));
        listMapKeys = strings(s.path("x-kubernetes-list-map-keys"));
        mapType = Json.text(s.path("x-kubernetes-map-type"));
        Map<String, StructuralSchema> props = new LinkedHashMap<>();
        s.path("properties").properties().forEach(e -> props.put(e.getKey(), new StructuralSchema(e.getValue())));
        properties = Collections.unmodifiableMap(props);
        JsonNode additional = s.path("additionalProperties");
        additionalProperties = additional.isObject() ? new StructuralSchema(additional) : null;
        items = s.path("items").isObject() ? new StructuralSchema(s.get("items")) : null;
        allOf = schemas(s.path("allOf"));
        anyOf = schemas(s.path("anyOf"));
        oneOf = schemas(s.path("oneOf"));
        not = s.path("not").isObject() ? new StructuralSchema(s.get("not")) : null;
        defaultValue = s.has("default") ? s.get("default") : null;
        List<CelRule> compiled = new ArrayList<>();
        for (JsonNode entry : Json.elements(s.path("x-kubernetes-validations"))) {
            try {
                compiled.add(CelRule.of(entry));
            } catch (IllegalArgumentException e) {
                // e.g. a rule using a Kubernetes CEL library that cel-java lacks: validate the rest rather than nothing
                LOG.warn("CEL rule not evaluated by the sandbox: {}", e.getMessage());
            }
        }
        rules = List.copyOf(compiled);
        List<StructuralSchema> children = children();
        rulesBelow = !rules.isEmpty() || children.stream().anyMatch(c -> c.rulesBelow);
        transitionRulesBelow = rules.stream().anyMatch(CelRule::isTransition)
                || children.stream().anyMatch(c -> c.transitionRulesBelow);
    }

    /** Reads a CRD version's {@code openAPIV3Schema}; fails when a CEL rule does not compile. */
    public static StructuralSchema of(JsonNode openApiV3Schema) {
        return new StructuralSchema(openApiV3Schema);
    }

    public Map<String, StructuralSchema> properties() {
        return properties;
    }

    public StructuralSchema additionalProperties() {
        return additionalProperties;
    }

    public StructuralSchema items() {
        return items;
    }

    public List<CelRule> rules() {
        return rules;
    }

    boolean allowsType(String jsonType) {
        return types.isEmpty() || types.contains(jsonType);
    }

    private List<StructuralSchema> children() {
        List<StructuralSchema> out = new ArrayList<>(properties.values());
        if (additionalProperties != null) {
            out.add(additionalProperties);
        }
        if (items != null) {
            out.add(items);
        }
        return out;
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue() : null;
    }

    private static Long count(JsonNode n) {
        return n.isNumber() ? n.longValue() : null;
    }

    private static List<String> strings(JsonNode array) {
        return Json.elements(array).stream()
                .map(Json::text)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static List<StructuralSchema> schemas(JsonNode array) {
        return Json.elements(array).stream().map(StructuralSchema::new).toList();
    }

    /** A pattern the API server would have refused in the CRD is ignored rather than failing every request. */
    private static Pattern compilePattern(String source) {
        if (source == null) {
            return null;
        }
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
