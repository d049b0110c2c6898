package dev.daemonset.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks an object against the generated CRD the way an API server would on create and update: null map
 * entries are dropped first (the API server prunes nulls the schema does not allow), then the structural
 * constraints this project uses (type, required, enum, minimum, maximum, maxLength, pattern, maxItems,
 * maxProperties) and every x-kubernetes-validations rule, evaluated by {@link CelRules}. Messages for
 * structural constraints are worded like the API server's; CEL failures carry the rule's own message.
 */
public final class CrdValidator {
  public static final Path GENERATED_CRD = Path.of("crds", "daemonsets.daemonset.dev-v1.yml");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** One rejected field. {@code rule} is the CEL rule that failed, or null for a structural constraint. */
  public record Failure(String field, String message, String rule) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** A CEL rule and the path of the schema node that carries it. */
  public record Rule(String path, ValidationRule rule) {}

  private final JSONSchemaProps root;
  private final CelRules cel = new CelRules();

  private CrdValidator(JSONSchemaProps root) {
    this.root = root;
  }

  /** The CRD as committed in crds/, which the build regenerates from the api classes. */
  public static CrdValidator ofGeneratedCrd() {
    try {
      CustomResourceDefinition crd = SERIALIZATION.unmarshal(Files.readString(GENERATED_CRD), CustomResourceDefinition.class);
      return new CrdValidator(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JSONSchemaProps schema() {
    return root;
  }

  /** Parses YAML (flow style too) or JSON into the plain maps and lists that the API server validates. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String yaml) {
    return YAML.readValue(yaml, Map.class);
  }

  /** A typed object as the API server would receive it. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toTree(Object object) {
    return parse(SERIALIZATION.asJson(object));
  }

  public List<Failure> validateCreate(Map<String, Object> object) {
    List<Failure> out = new ArrayList<>();
    walk(root, withoutNullEntries(object), null, "", out);
    return out;
  }

  public List<Failure> validateUpdate(Map<String, Object> object, Map<String, Object> old) {
    List<Failure> out = new ArrayList<>();
    walk(root, withoutNullEntries(object), withoutNullEntries(old), "", out);
    return out;
  }

  /**
   * A copy without null map entries, as the API server's decoding leaves the object before validation (no
   * field of this schema is nullable or has a default): {@code matchLabels: {app: null}} arrives as {@code {}}.
   */
  @SuppressWarnings("unchecked")
  private static <T> T withoutNullEntries(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          out.put(String.valueOf(k), withoutNullEntries(v));
        }
      });
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(withoutNullEntries(v)));
      return (T) out;
    }
    return value;
  }

  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    collectRules(root, "", out);
    return out;
  }

  public CelRules cel() {
    return cel;
  }

  private void walk(JSONSchemaProps s, Object value, Object old, String path, List<Failure> out) {
    if (value == null) {
      return;
    }
    if (!checkStructure(s, value, path, out)) {
      return;
    }
    checkRules(s, value, old, path, out);
    if (value instanceof Map<?, ?> map) {
      Map<?, ?> oldMap = old instanceof Map<?, ?> m ? m : Map.of();
      if (s.getProperties() != null && !s.getProperties().isEmpty()) {
        s.getProperties().forEach((name, child) -> walk(child, map.get(name), oldMap.get(name), join(path, name), out));
      } else if (s.getAdditionalProperties() != null && s.getAdditionalProperties().getSchema() != null) {
        // Entries keep their old value by key, as the API server correlates map entries.
        map.forEach((k, v) -> walk(s.getAdditionalProperties().getSchema(), v, oldMap.get(k), path + "[" + k + "]", out));
      }
    } else if (value instanceof List<?> list && s.getItems() != null && s.getItems().getSchema() != null) {
      // Items of an atomic list are not correlated with the old list, so no transition rule sees them.
      for (int i = 0; i < list.size(); i++) {
        walk(s.getItems().getSchema(), list.get(i), null, path + "[" + i + "]", out);
      }
    }
  }

  /** False when the value has the wrong JSON type, which the API server reports alone. */
  private static boolean checkStructure(JSONSchemaProps s, Object value, String path, List<Failure> out) {
    String actualType = jsonType(value);
    if (s.getType() != null && !s.getType().equals(actualType)
        && !(s.getType().equals("number") && actualType.equals("integer"))) {
      out.add(new Failure(path, "Invalid value: \"" + actualType + "\": " + path + " in body must be of type "
          + s.getType() + ": \"" + actualType + "\"", null));
      return false;
    }
    if (s.getRequired() != null && value instanceof Map<?, ?> map) {
      s.getRequired().stream().filter(name -> map.get(name) == null)
          .forEach(name -> out.add(new Failure(join(path, name), "Required value", null)));
    }
    if (s.getEnum() != null && !s.getEnum().isEmpty()) {
      List<String> allowed = s.getEnum().stream().map(JsonNode::toString).toList();
      String actual = SERIALIZATION.asJson(value);
      if (!allowed.contains(actual)) {
        out.add(new Failure(path, "Unsupported value: " + actual + ": supported values: "
            + allowed.stream().sorted().collect(Collectors.joining(", ")), null));
      }
    }
    if (s.getMinimum() != null && value instanceof Number n && n.doubleValue() < s.getMinimum()) {
      out.add(new Failure(path, "Invalid value: " + n + ": " + path + " in body should be greater than or equal to "
          + s.getMinimum().longValue(), null));
    }
    if (s.getMaximum() != null && value instanceof Number n && n.doubleValue() > s.getMaximum()) {
      out.add(new Failure(path, "Invalid value: " + n + ": " + path + " in body should be less than or equal to "
          + s.getMaximum().longValue(), null));
    }
    if (s.getPattern() != null && value instanceof String str && !java.util.regex.Pattern.compile(s.getPattern()).matcher(str).find()) {
      out.add(new Failure(path, "Invalid value: \"" + str + "\": " + path + " in body should match '" + s.getPattern() + "'", null));
    }
    if (s.getMaxLength() != null && value instanceof String str && str.codePointCount(0, str.length()) > s.getMaxLength()) {
      out.add(new Failure(path, "Too long: may not be more than " + s.getMaxLength() + " characters", null));
    }
    if (s.getMaxItems() != null && value instanceof List<?> l && l.size() > s.getMaxItems()) {
      out.add(new Failure(path, "Too many: " + l.size() + ": must have at most " + s.getMaxItems() + " items", null));
    }
    if (s.getMaxProperties() != null && value instanceof Map<?, ?> m && m.size() > s.getMaxProperties()) {
      out.add(new Failure(path, "Too many: " + m.size() + ": must have at most " + s.getMaxProperties() + " properties", null));
    }
    return true;
  }

  /** The JSON type of a parsed value, as the API server names it in a type error. */
  private static String jsonType(Object value) {
    if (value instanceof Map<?, ?>) {
      return "object";
    }
    if (value instanceof List<?>) {
      return "array";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
      return "integer";
    }
    return "number";
  }

  private void checkRules(JSONSchemaProps s, Object value, Object old, String path, List<Failure> out) {
    if (s.getXKubernetesValidations() == null) {
      return;
    }
    for (ValidationRule r : s.getXKubernetesValidations()) {
      boolean transition = CelRules.isTransitionRule(r.getRule());
      if (transition && old == null) {
        continue;
      }
      if (!cel.holds(r.getRule(), value, transition ? old : null)) {
        String field = r.getFieldPath() == null ? path : path + r.getFieldPath();
        out.add(new Failure(field, r.getMessage() == null ? "failed rule: " + r.getRule() : r.getMessage(), r.getRule()));
      }
    }
  }

  private static void collectRules(JSONSchemaProps s, String path, List<Rule> out) {
    if (s == null) {
      return;
    }
    if (s.getXKubernetesValidations() != null) {
      s.getXKubernetesValidations().forEach(r -> out.add(new Rule(path, r)));
    }
    if (s.getProperties() != null) {
      s.getProperties().forEach((name, child) -> collectRules(child, join(path, name), out));
    }
    if (s.getAdditionalProperties() != null) {
      collectRules(s.getAdditionalProperties().getSchema(), path + "[*]", out);
    }
    if (s.getItems() != null) {
      collectRules(s.getItems().getSchema(), path + "[*]", out);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
