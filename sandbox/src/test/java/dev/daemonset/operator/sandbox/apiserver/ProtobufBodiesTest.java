package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Policy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The protobuf bodies kubectl's generators send, read as the JSON of the same object: written here as
 * Go's encoder writes them (every non-pointer field, zero or not).
 */
class ProtobufBodiesTest {

    @Test
    void aSecretIsReadWithItsTypeItsBytesAsBase64AndWithoutTheZerosGoWritesForAbsentFields() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("token")
                        .setGenerateName("")
                        .setNamespace("")
                        .setGeneration(0)
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0)))
                .putData("key", ByteString.copyFromUtf8("s3cr3t"))
                .putData("empty", ByteString.EMPTY)
                .setType("")
                .build();

        JsonNode json = ProtobufBodies.toJson(body("v1", "Secret", secret)).orElseThrow();

        assertThat(json.toString())
                .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"token\","
                        + "\"creationTimestamp\":null},\"data\":{\"key\":\"czNjcjN0\",\"empty\":\"\"}}");
    }

    @Test
    void timesQuantitiesIntOrStringsAndEmbeddedStructsTakeTheirJsonForms() {
        V1.Container container = V1.Container.newBuilder()
                .setName("agent")
                .setImage("agent:1")
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits(
                                "memory",
                                Resource.Quantity.newBuilder()
                                        .setString("200Mi")
                                        .build()))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder()
                                .setHttpGet(V1.HTTPGetAction.newBuilder()
                                        .setPath("/healthz")
                                        .setPort(IntStr.IntOrString.newBuilder()
                                                .setType(1)
                                                .setStrVal("http")))))
                .addEnv(V1.EnvVar.newBuilder().setName("EMPTY").setValue(""))
                .addEnv(V1.EnvVar.newBuilder()
                        .setName("LEVEL")
                        .setValueFrom(V1.EnvVarSource.newBuilder()
                                .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder()
                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder()
                                                .setName("settings"))
                                        .setKey("level"))))
                .build();
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("agent-x")
                        .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(container)
                        .addVolumes(V1.Volume.newBuilder()
                                .setName("scratch")
                                .setVolumeSource(V1.VolumeSource.newBuilder()
                                        .setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()))))
                .build();

        JsonNode json = ProtobufBodies.toJson(body("v1", "Pod", pod)).orElseThrow();

        assertThat(json.at("/metadata/deletionTimestamp").asString()).isEqualTo("2023-11-14T22:13:20Z");
        JsonNode c = json.at("/spec/containers/0");
        assertThat(c.at("/resources/limits/memory").asString()).isEqualTo("200Mi");
        assertThat(c.at("/readinessProbe/httpGet/port").asString())
                .as("a probe's handler is inline in JSON")
                .isEqualTo("http");
        assertThat(c.at("/env/0").toString()).isEqualTo("{\"name\":\"EMPTY\"}");
        assertThat(c.at("/env/1/valueFrom").toString())
                .as("a local object reference is inline in JSON")
                .isEqualTo("{\"configMapKeyRef\":{\"name\":\"settings\",\"key\":\"level\"}}");
        assertThat(json.at("/spec/volumes/0").toString())
                .as("an empty message is kept: it chooses the volume's source")
                .isEqualTo("{\"name\":\"scratch\",\"emptyDir\":{}}");
    }

    @Test
    void aZeroTheUserChoseIsKeptWhereItIsAValue() {
        V1Policy.PodDisruptionBudget pdb = V1Policy.PodDisruptionBudget.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("none"))
                .setSpec(V1Policy.PodDisruptionBudgetSpec.newBuilder()
                        .setMinAvailable(
                                IntStr.IntOrString.newBuilder().setType(0).setIntVal(0)))
                .build();

        JsonNode json = ProtobufBodies.toJson(body("policy/v1", "PodDisruptionBudget", pdb))
                .orElseThrow();

        assertThat(json.at("/spec/minAvailable").isNumber()).isTrue();
        assertThat(json.at("/spec/minAvailable").asInt()).isZero();
    }

    @Test
    void aBodyThatIsNoBuiltInTypesProtobufIsNotRead() {
        assertThat(ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8)))
                .as("JSON")
                .isEmpty();
        assertThat(ProtobufBodies.toJson(body("daemonset.dev/v1alpha1", "DaemonSet", V1.Pod.getDefaultInstance())))
                .as("a custom resource")
                .isEmpty();
        assertThat(ProtobufBodies.toJson(new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, 0x01}))
                .as("garbage after the magic")
                .isEmpty();
        assertThat(ProtobufBodies.toJson(new byte[] {'k', '8'})).as("truncated").isEmpty();
        assertThat(ProtobufBodies.toJson(null)).as("no body").isEmpty();
    }

    /** The body client-go sends: the magic, then a runtime.Unknown around the object's own message. */
    private static byte[] body(String apiVersion, String kind, Message object) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(
                        Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }
}
