package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.SpecValidator;
import dev.daemonset.operator.sandbox.apiserver.Json;
import dev.daemonset.operator.testing.CrdValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The example manifests are valid against the generated CRD schema; and the kubectl lookup fails clearly. */
class ExampleManifestTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Path EXAMPLES = Path.of("examples");

    @Test
    void nodeExporterExampleMatchesTheCrdSchema() throws Exception {
        JsonNode doc = read(EXAMPLES.resolve("node-exporter.yaml"));
        assertThat(schemaErrors(doc)).isEmpty();
        assertThat(Json.text(
                        doc.path("spec").path("selector").path("matchLabels").path("app")))
                .isEqualTo("node-exporter");
        assertThat(Json.text(doc.path("spec")
                        .path("template")
                        .path("spec")
                        .path("nodeSelector")
                        .path("kubernetes.io/os")))
                .isEqualTo("linux");
        assertThat(doc.path("spec")
                        .path("updateStrategy")
                        .path("rollingUpdate")
                        .path("maxUnavailable")
                        .asInt())
                .isEqualTo(1);
    }

    /** Every file in examples/, so a new example cannot skip the check; each is a DaemonSet the API server and the operator accept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsAValidDaemonSet(Path file) throws Exception {
        JsonNode doc = read(file);
        assertThat(schemaErrors(doc)).as("structural schema").isEmpty();
        assertThat(CrdValidator.ofGeneratedCrd().validateCreate(CrdValidator.parse(Files.readString(file))))
                .as("CEL validation rules")
                .isEmpty();
        DaemonSet ds = SERIALIZATION.unmarshal(Files.readString(file), DaemonSet.class);
        assertThat(SpecValidator.validate(ds.getSpec()))
                .as("the operator's own validation")
                .isEmpty();
    }

    @Test
    void rolloutExamplesShowTheirControls() throws Exception {
        JsonNode canary = read(EXAMPLES.resolve("rollout-canary.yaml"))
                .path("spec")
                .path("updateStrategy")
                .path("rollingUpdate");
        assertThat(canary.path("nodeSelector").path("matchLabels").has("daemonset.dev/canary"))
                .isTrue();
        assertThat(canary.has("partition")).isTrue();
        assertThat(canary.has("paused")).isTrue();
        JsonNode surge = read(EXAMPLES.resolve("surge.yaml"))
                .path("spec")
                .path("updateStrategy")
                .path("rollingUpdate");
        assertThat(surge.path("maxSurge").asInt()).isEqualTo(1);
        assertThat(surge.path("maxUnavailable").asInt()).isZero();
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> yaml = files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        Object manifest = SERIALIZATION.unmarshal(Files.readString(file), Map.class);
        JsonNode doc = Json.parse(SERIALIZATION.asJson(manifest));
        assertThat(Json.text(doc.path("apiVersion"))).isEqualTo("daemonset.dev/v1alpha1");
        assertThat(Json.text(doc.path("kind"))).isEqualTo("DaemonSet");
        return doc;
    }

    private static List<String> schemaErrors(JsonNode doc) throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = ExampleManifestTest.class.getResourceAsStream(Sandbox.CRD_RESOURCE)) {
            crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
        JsonNode schema = Json.parse(SERIALIZATION.asJson(
                crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()));
        List<String> errors = new ArrayList<>();
        validate(doc.path("spec"), schema.path("properties").path("spec"), "spec", errors);
        return errors;
    }

    @Test
    void validatorRejectsUnknownFieldsAndWrongTypes() {
        JsonNode schema = Json.parse("""
        {"type":"object","required":["a"],"properties":{"a":{"type":"integer"},
         "b":{"type":"string","enum":["x","y"]},"c":{"x-kubernetes-int-or-string":true}}}""");
        List<String> errors = new ArrayList<>();
        validate(Json.parse("{\"a\":\"1\",\"b\":\"z\",\"c\":true,\"d\":1}"), schema, "spec", errors);
        assertThat(errors).hasSize(4);
    }

    @Test
    void kubectlLookupReportsAbsence(@TempDir Path empty) {
        assertThat(Kubectl.binary(empty.toString())).isNull();
        assertThat(Kubectl.binary(null)).isNull();
    }

    /** A structural-schema check: types, enums, required fields, and no fields the schema does not know. */
    static void validate(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isString()) {
                errors.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = Json.text(schema.path("type"), "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(path + ": must be an object");
                    return;
                }
                for (JsonNode required : Json.elements(schema.path("required"))) {
                    if (!value.has(Json.text(required))) {
                        errors.add(path + "." + Json.text(required) + ": required");
                    }
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String child = path + "." + field.getKey();
                    if (properties.has(field.getKey())) {
                        validate(field.getValue(), properties.path(field.getKey()), child, errors);
                    } else if (additional.isObject()) {
                        validate(field.getValue(), additional, child, errors);
                    } else {
                        errors.add(child + ": unknown field");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": must be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isString()) {
                    errors.add(path + ": must be a string");
                } else if (schema.has("enum")
                        && Json.elements(schema.path("enum")).stream().noneMatch(value::equals)) {
                    errors.add(path + ": not one of " + schema.path("enum"));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": must be an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": must be a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": must be a boolean");
                }
            }
            default -> {
                // untyped: anything goes
            }
        }
    }
}
