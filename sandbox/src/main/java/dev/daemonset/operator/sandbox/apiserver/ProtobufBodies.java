package dev.daemonset.operator.sandbox.apiserver;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the protobuf request bodies of Kubernetes' own types into the JSON the rest of the server reads.
 * kubectl's generators ({@code create namespace}, {@code create configmap}, {@code create secret},
 * {@code create deployment}...) send {@code application/vnd.kubernetes.protobuf}, which kube-apiserver accepts
 * for its built-in types; a server that refuses it makes the first command of many guides fail.
 *
 * <p>The body is the magic {@code k8s\0} and a {@code runtime.Unknown}: the apiVersion and kind, and the
 * object's own message, read here with the descriptors of the Kubernetes API's .proto files. Go's encoder
 * writes every non-pointer scalar, zero or not, where its JSON encoder leaves the empty ones out: an empty
 * string, a zero or false is left out here too, as it means nothing else to a Go server; messages are kept
 * even when empty ({@code emptyDir: {}} chooses a volume's source). The one pointer scalar a generator sets
 * to zero, {@code replicas}, is kept.
 */
final class ProtobufBodies {
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    /**
     * Structs Go embeds with {@code json:",inline"}: a field of their own in protobuf, their fields in JSON
     * ({@code configMapKeyRef.name}, a volume's {@code emptyDir}, a probe's {@code httpGet}). Every message
     * with a {@code localObjectReference} field embeds it so.
     */
    private static final Set<String> INLINE = Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue");

    private static final String LOCAL_OBJECT_REFERENCE = "localObjectReference";
    /** Fields kept at zero: pointers in Go, where zero is a value the user chose ({@code --replicas=0}). */
    private static final List<String> ZERO_MEANINGFUL = List.of("replicas");

    private static final Map<String, Descriptor> MESSAGES = index(
            V1.getDescriptor(),
            V1Apps.getDescriptor(),
            V1Autoscaling.getDescriptor(),
            V1Batch.getDescriptor(),
            V1Networking.getDescriptor(),
            V1Policy.getDescriptor(),
            V1Rbac.getDescriptor(),
            V1Scheduling.getDescriptor(),
            V1Storage.getDescriptor());

    private ProtobufBodies() {}

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.contains("application/vnd.kubernetes.protobuf");
    }

    /**
     * The object in {@code body} as JSON, with its apiVersion and kind; empty if the body is not a Kubernetes
     * protobuf message or its type is not one of the API's built-in ones (a custom resource has no protobuf form).
     */
    static Optional<ObjectNode> toJson(byte[] body) {
        if (body == null
                || body.length < MAGIC.length
                || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        try {
            Runtime.Unknown unknown =
                    Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
            String apiVersion = unknown.getTypeMeta().getApiVersion();
            String kind = unknown.getTypeMeta().getKind();
            Descriptor type = MESSAGES.get(protoPackage(apiVersion) + "." + kind);
            if (type == null) {
                return Optional.empty();
            }
            ObjectNode out = Json.object();
            out.put("apiVersion", apiVersion);
            out.put("kind", kind);
            out.setAll(message(DynamicMessage.parseFrom(type, unknown.getRaw())));
            return Optional.of(out);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    /** "v1" is core's; of any other group, its first label ({@code rbac.authorization.k8s.io/v1}: rbac). */
    private static String protoPackage(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return "k8s.io.api.core." + apiVersion;
        }
        String group = apiVersion.substring(0, slash);
        int dot = group.indexOf('.');
        return "k8s.io.api." + (dot < 0 ? group : group.substring(0, dot)) + "." + apiVersion.substring(slash + 1);
    }

    private static ObjectNode message(Message m) {
        ObjectNode out = Json.object();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            JsonNode value = field.isMapField()
                    ? map(field, (List<?>) e.getValue())
                    : field.isRepeated() ? list(field, (List<?>) e.getValue()) : single(field, e.getValue());
            boolean unset = field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    && !field.isRepeated()
                    && isZero(value)
                    && !ZERO_MEANINGFUL.contains(field.getName());
            if (value == null || unset) {
                continue;
            }
            if (isInline(field) && value instanceof ObjectNode embedded) {
                out.setAll(embedded);
            } else {
                out.set(field.getName(), value);
            }
        }
        return out;
    }

    private static boolean isInline(FieldDescriptor field) {
        return LOCAL_OBJECT_REFERENCE.equals(field.getName()) || INLINE.contains(field.getFullName());
    }

    private static JsonNode map(FieldDescriptor field, List<?> entries) {
        ObjectNode out = Json.object();
        Descriptor entry = field.getMessageType();
        FieldDescriptor key = entry.findFieldByName("key");
        FieldDescriptor value = entry.findFieldByName("value");
        for (Object o : entries) {
            Message m = (Message) o;
            JsonNode v = single(value, m.getField(value));
            out.set(String.valueOf(m.getField(key)), v == null ? Json.MAPPER.nullNode() : v);
        }
        return out;
    }

    private static JsonNode list(FieldDescriptor field, List<?> values) {
        ArrayNode out = Json.array();
        for (Object v : values) {
            JsonNode element = single(field, v);
            out.add(element == null ? Json.MAPPER.nullNode() : element);
        }
        return out;
    }

    /** The field's value as JSON (a JSON null for a zero time, as Go writes it), or null for empty raw JSON. */
    private static JsonNode single(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> special((Message) value);
            case STRING -> Json.MAPPER.getNodeFactory().stringNode((String) value);
            case BOOLEAN -> Json.MAPPER.getNodeFactory().booleanNode((Boolean) value);
            case INT -> Json.MAPPER.getNodeFactory().numberNode((Integer) value);
            case LONG -> Json.MAPPER.getNodeFactory().numberNode((Long) value);
            case FLOAT -> Json.MAPPER.getNodeFactory().numberNode((Float) value);
            case DOUBLE -> Json.MAPPER.getNodeFactory().numberNode((Double) value);
            case BYTE_STRING ->
                Json.MAPPER
                        .getNodeFactory()
                        .stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> Json.MAPPER.getNodeFactory().stringNode(value.toString());
        };
    }

    /** The types whose JSON form is not their message's fields (times, quantities, int-or-string, raw JSON). */
    private static JsonNode special(Message m) {
        String type = m.getDescriptorForType().getFullName();
        switch (type) {
            case META + "Time", META + "MicroTime" -> {
                long seconds = ((Number) field(m, "seconds")).longValue();
                int nanos = ((Number) field(m, "nanos")).intValue();
                if (seconds == 0 && nanos == 0) {
                    // a zero time is written only for a field that is no pointer in Go, whose JSON is then null
                    return Json.MAPPER.nullNode();
                }
                Instant at = Instant.ofEpochSecond(seconds, nanos);
                return Json.MAPPER
                        .getNodeFactory()
                        .stringNode((type.endsWith("MicroTime") ? RFC3339_MICRO : RFC3339).format(at));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return Json.MAPPER.getNodeFactory().stringNode((String) field(m, "string"));
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                return ((Number) field(m, "type")).longValue() == 1
                        ? Json.MAPPER.getNodeFactory().stringNode((String) field(m, "strVal"))
                        : Json.MAPPER.getNodeFactory().numberNode(((Number) field(m, "intVal")).intValue());
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> {
                ByteString raw = (ByteString) field(m, type.endsWith("FieldsV1") ? "Raw" : "raw");
                return raw.isEmpty() ? null : Json.parse(raw.toStringUtf8());
            }
            default -> {
                return message(m);
            }
        }
    }

    private static Object field(Message m, String name) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(m.getDescriptorForType().getFullName() + " has no field " + name);
        }
        return m.getField(f);
    }

    private static boolean isZero(JsonNode v) {
        return v.isString() && v.asString().isEmpty()
                || v.isNumber() && v.asDouble() == 0
                || v.isBoolean() && !v.asBoolean();
    }

    private static Map<String, Descriptor> index(FileDescriptor... files) {
        Map<String, Descriptor> out = new HashMap<>();
        for (FileDescriptor file : files) {
            for (Descriptor d : file.getMessageTypes()) {
                out.put(file.getPackage() + "." + d.getName(), d);
            }
        }
        return Map.copyOf(out);
    }
}
