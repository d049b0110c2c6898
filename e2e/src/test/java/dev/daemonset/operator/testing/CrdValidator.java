package dev.daemonset.operator.testing;

import dev.daemonset.operator.sandbox.apiserver.FieldError;
import dev.daemonset.operator.sandbox.apiserver.Json;
import dev.daemonset.operator.sandbox.apiserver.SchemaPruning;
import dev.daemonset.operator.sandbox.apiserver.SchemaValidator;
import dev.daemonset.operator.sandbox.apiserver.StructuralSchema;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks an object against the generated CRD the way an API server would on create and update, with the
 * sandbox API server's engine ({@link SchemaValidator}): unknown fields and disallowed nulls pruned, every
 * OpenAPI keyword, then every x-kubernetes-validations rule, evaluated with cel-java. A failure's message
 * is what the API server prints after the field for a schema keyword, and the rule's own message for a
 * CEL rule.
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
    private final StructuralSchema structural;
    private final SchemaValidator validator;
    private final CelRules cel = new CelRules();

    private CrdValidator(JSONSchemaProps root) {
        this.root = root;
        this.structural = StructuralSchema.of(Json.parse(SERIALIZATION.asJson(root)));
        this.validator = new SchemaValidator(structural);
    }

    /** The CRD as committed in crds/, which the build regenerates from the api classes. */
    public static CrdValidator ofGeneratedCrd() {
        try {
            CustomResourceDefinition crd =
                    SERIALIZATION.unmarshal(Files.readString(GENERATED_CRD), CustomResourceDefinition.class);
            return new CrdValidator(
                    crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
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
        return validate(object, null);
    }

    public List<Failure> validateUpdate(Map<String, Object> object, Map<String, Object> old) {
        return validate(object, old);
    }

    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        collectRules(root, "", out);
        return out;
    }

    public CelRules cel() {
        return cel;
    }

    /**
     * The API server's verdict without its closing note that some rules were not checked (a table row names
     * the one field it breaks).
     */
    private List<Failure> validate(Map<String, Object> object, Map<String, Object> old) {
        SchemaValidator.Result result =
                validator.validate(pruned(object), old == null ? null : pruned(old), SchemaValidator.Scope.ALL);
        return result.errors().stream().map(CrdValidator::failure).toList();
    }

    private JsonNode pruned(Map<String, Object> object) {
        ObjectNode tree = Json.MAPPER.valueToTree(object);
        SchemaPruning.apply(structural, tree, null);
        return tree;
    }

    private static Failure failure(FieldError e) {
        boolean ruleMessage = e.rule() != null && e.detail() != null;
        return new Failure(e.field(), ruleMessage ? e.detail() : e.body(), e.rule());
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
