package dev.daemonset.operator.sandbox.apiserver;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Server-side field validation, the {@code fieldValidation} query parameter that kubectl sends on every
 * create, update and patch ({@code --validate=strict}, its default, sends {@code Strict}; {@code warn}
 * sends {@code Warn}; {@code false} sends {@code Ignore}). Unknown fields of built-in kinds are found by
 * walking the JSON along fabric8's typed model of the kind, whose {@code @JsonProperty} fields mirror the
 * Kubernetes schema: {@code Strict} rejects the request as the API server does, {@code Warn} answers with
 * one {@code Warning} header per field.
 *
 * <p>Custom resources are checked against their CRD's schema instead ({@link CustomResourceValidation}).
 * Not checked: duplicate fields, and requests without the parameter (the API server then warns; the
 * sandbox's own clients never send unknown fields).
 */
public final class FieldValidation {
    /** What a request asked for. */
    public enum Mode {
        IGNORE,
        WARN,
        STRICT
    }

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Optional<Class<?>>> MODELS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

    private FieldValidation() {}

    /** The mode named by the {@code fieldValidation} parameter, IGNORE when absent; a bad value is a 400. */
    public static Mode mode(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            return Mode.IGNORE;
        }
        return switch (parameter) {
            case "Strict" -> Mode.STRICT;
            case "Warn" -> Mode.WARN;
            case "Ignore" -> Mode.IGNORE;
            default ->
                throw new ApiException(
                        400,
                        "BadRequest",
                        "fieldValidation must be one of Ignore, Warn or Strict, got \"" + parameter + "\"");
        };
    }

    /**
     * The unknown fields of {@code obj}, as the API server names them ({@code spec.template.spec.containers[0].imagePullPolicyy}),
     * in document order; empty when the kind has no typed model.
     */
    public static List<String> unknownFields(JsonNode obj) {
        Optional<Class<?>> model = modelOf(Json.text(obj.path("apiVersion")), Json.text(obj.path("kind")));
        List<String> unknown = new ArrayList<>();
        model.ifPresent(m -> walk(obj, m, "", unknown));
        return unknown;
    }

    /**
     * Applies {@code mode} to an object about to be written: throws the API server's BadRequest under Strict,
     * returns the Warning header values under Warn, nothing otherwise.
     */
    public static List<String> check(Mode mode, JsonNode obj) {
        return mode == Mode.IGNORE ? List.of() : report(mode, obj, unknownFields(obj));
    }

    /**
     * Applies {@code mode} to the unknown fields found in {@code obj} (by the typed model of a built-in
     * kind, or by the CRD's schema for a custom resource): the API server's BadRequest under Strict, the
     * Warning header values under Warn, nothing otherwise.
     */
    public static List<String> report(Mode mode, JsonNode obj, List<String> unknown) {
        if (mode == Mode.IGNORE || unknown.isEmpty()) {
            return List.of();
        }
        List<String> messages =
                unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
        if (mode == Mode.STRICT) {
            String kind = Json.text(obj.path("kind"), "object");
            String apiVersion = Json.text(obj.path("apiVersion"), "");
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            throw new ApiException(
                    400,
                    "BadRequest",
                    kind + " in version \"" + version + "\" cannot be handled as a " + kind
                            + ": strict decoding error: " + String.join(", ", messages));
        }
        return messages.stream()
                .map(m -> "299 - \"" + m.replace("\"", "\\\"") + "\"")
                .toList();
    }

    private static Optional<Class<?>> modelOf(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        return MODELS.computeIfAbsent(apiVersion + "/" + kind, k -> {
            Class<?> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
            return type == null
                            || type == GenericKubernetesResource.class
                            || !type.getPackageName().startsWith(MODEL_PACKAGE)
                    ? Optional.empty()
                    : Optional.of(type);
        });
    }

    private static void walk(JsonNode node, Type type, String path, List<String> unknown) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) && node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), args[0], path + "[" + i + "]", unknown);
                }
            } else if (Map.class.isAssignableFrom(raw) && node.isObject()) {
                node.properties().forEach(e -> walk(e.getValue(), args[1], join(path, e.getKey()), unknown));
            }
            return;
        }
        if (!(type instanceof Class<?> model) || !node.isObject()) {
            return;
        }
        Map<String, Type> properties = properties(model);
        if (properties.isEmpty()) {
            return; // not a schema'd model class (a string-like type, or a free-form bag such as FieldsV1)
        }
        node.properties().forEach(e -> {
            Type child = properties.get(e.getKey());
            if (child == null) {
                unknown.add(join(path, e.getKey()));
            } else {
                walk(e.getValue(), child, join(path, e.getKey()), unknown);
            }
        });
    }

    /**
     * JSON property name to declared type, for the fabric8 model classes; empty for anything else, and for
     * classes read by a custom deserializer (their JSON need not look like their fields: IntOrString,
     * Quantity, the JSONSchemaPropsOr... wrappers of a CRD schema).
     */
    private static Map<String, Type> properties(Class<?> type) {
        if (!type.getPackageName().startsWith(MODEL_PACKAGE)
                || type == GenericKubernetesResource.class
                || customDeserializer(type.getAnnotation(JsonDeserialize.class))) {
            return Map.of();
        }
        return PROPERTIES.computeIfAbsent(type, t -> {
            Map<String, Type> out = new HashMap<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    JsonProperty property = f.getAnnotation(JsonProperty.class);
                    if (property != null && !Modifier.isStatic(f.getModifiers())) {
                        String name = property.value().isEmpty() ? f.getName() : property.value();
                        // a field with its own deserializer is not walked into (Object stands for "anything")
                        out.putIfAbsent(
                                name,
                                customDeserializer(f.getAnnotation(JsonDeserialize.class))
                                        ? Object.class
                                        : f.getGenericType());
                    }
                }
            }
            return Map.copyOf(out);
        });
    }

    private static boolean customDeserializer(JsonDeserialize annotation) {
        return annotation != null
                && (annotation.using() != ValueDeserializer.None.class
                        || annotation.contentUsing() != ValueDeserializer.None.class);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
