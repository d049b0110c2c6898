package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.sandbox.apiserver.FieldValidation.Mode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FieldValidationTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"'));
    }

    /** Every document of the install (crds/, deploy/) and the example, as JSON. */
    static List<JsonNode> shippedManifests() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String dir : List.of("crds", "deploy", "examples")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml"))
                        .sorted()
                        .toList()) {
                    for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                        if (!doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                            out.add(Json.parse(SERIALIZATION.convertToJson(doc)));
                        }
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("shippedManifests")
    void theShippedManifestsHaveNoUnknownFields(JsonNode manifest) {
        assertThat(manifest.path("kind").isString()).isTrue();
        assertThat(FieldValidation.unknownFields(manifest))
                .as("%s %s", manifest.path("kind"), Json.name(manifest))
                .isEmpty();
    }

    @Test
    void objectsTheClientsWriteHaveNoUnknownFields() {
        var pod = new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("d")
                .addNewManagedField()
                .withManager("kubectl")
                .withNewFieldsV1()
                .addToAdditionalProperties("f:spec", java.util.Map.of())
                .endFieldsV1()
                .endManagedField()
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("i")
                .withNewResources()
                .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        var node = new NodeBuilder()
                .withNewMetadata()
                .withName("n")
                .addToLabels("a", "b")
                .endMetadata()
                .withNewSpec()
                .addNewTaint()
                .withKey("k")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build();
        assertThat(FieldValidation.unknownFields(Json.parse(SERIALIZATION.asJson(pod))))
                .isEmpty();
        assertThat(FieldValidation.unknownFields(Json.parse(SERIALIZATION.asJson(node))))
                .isEmpty();
    }

    @Test
    void unknownFieldsAreNamedByTheirPathAsTheApiServerDoes() {
        JsonNode deployment = json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labelz':{}},
         'spec':{'replica':2,'strategy':{'rollingUpdate':{'maxUnavailable':'25%'}},
                 'template':{'spec':{'containers':[{'name':'a','image':'x'},
                                                   {'name':'b','imagePullPolicyy':'Always','ports':[{'containerPort':80,'nam':'x'}]}]}}}}""");
        assertThat(FieldValidation.unknownFields(deployment))
                .containsExactly(
                        "metadata.labelz",
                        "spec.replica",
                        "spec.template.spec.containers[1].imagePullPolicyy",
                        "spec.template.spec.containers[1].ports[0].nam");
    }

    @Test
    void mapsOfModelObjectsAreWalkedAndFreeFormValuesAreNot() {
        JsonNode crd = json("""
        {'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition','metadata':{'name':'x.y'},
         'spec':{'group':'y','names':{'kind':'X','plural':'x'},'scope':'Namespaced','versions':[{'name':'v1',
           'served':true,'storage':true,'schema':{'openAPIV3Schema':{'type':'object',
             'properties':{'spec':{'type':'object','typo':true,'default':{'anything':1},
                                   'items':{'whatever':'the wrapper is read by its own deserializer'}}}}}}]}}""");
        assertThat(FieldValidation.unknownFields(crd))
                .containsExactly("spec.versions[0].schema.openAPIV3Schema.properties.spec.typo");
        JsonNode revision = json("""
        {'apiVersion':'apps/v1','kind':'ControllerRevision','metadata':{'name':'r'},'revision':1,
         'data':{'spec':{'template':{'anything':'goes'}}}}""");
        assertThat(FieldValidation.unknownFields(revision)).isEmpty();
    }

    @Test
    void customResourcesAndUnknownKindsAreNotChecked() {
        assertThat(
                        FieldValidation.unknownFields(
                                json(
                                        "{'apiVersion':'daemonset.dev/v1alpha1','kind':'DaemonSet','metadata':{'name':'x'},'spec':{'typo':1}}")))
                .isEmpty();
        assertThat(FieldValidation.unknownFields(json("{'metadata':{'name':'x'},'typo':1}")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {"Strict,STRICT", "Warn,WARN", "Ignore,IGNORE", "-,IGNORE", "'',IGNORE"})
    void modeFromTheQueryParameter(String parameter, Mode expected) {
        assertThat(FieldValidation.mode(parameter)).isEqualTo(expected);
    }

    @Test
    void aBadModeIsABadRequest() {
        assertThatThrownBy(() -> FieldValidation.mode("strict"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code).isEqualTo(400));
    }

    @Test
    void strictRejectsWarnWarnsIgnoreIgnores() {
        JsonNode service =
                json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'port':[{'port':80}]}}");
        assertThatThrownBy(() -> FieldValidation.check(Mode.STRICT, service))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code).isEqualTo(400);
                    assertThat(e.reason).isEqualTo("BadRequest");
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.port\"");
                });
        assertThat(FieldValidation.check(Mode.WARN, service))
                .containsExactly("299 - \"unknown field \\\"spec.port\\\"\"");
        assertThat(FieldValidation.check(Mode.IGNORE, service)).isEmpty();
        JsonNode valid =
                json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'ports':[{'port':80}]}}");
        assertThat(FieldValidation.check(Mode.STRICT, valid)).isEmpty();
    }
}
