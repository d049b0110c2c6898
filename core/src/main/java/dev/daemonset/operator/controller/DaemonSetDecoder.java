package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.ModelFitValidation;
import dev.daemonset.operator.plan.Violation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a stored DaemonSet, as a schema-less map, into the Java model without ever failing: an object
 * that does not fit becomes an {@link UnreadableDaemonSet} naming the first field that does not, with
 * its value. The informer itself only holds maps, so one such object can no longer stop the watch
 * that every DaemonSet depends on.
 *
 * <p>Reading is strict about JSON types ({@link StrictModelMapper}): a cluster that stored a DaemonSet without
 * validation must hear about a wrong type rather than get a guess.
 */
public final class DaemonSetDecoder {
    private static final JsonMapper STRICT = StrictModelMapper.MAPPER;
    private static final int MAX_VALUE_CHARS = 80;

    private DaemonSetDecoder() {}

    /** The DaemonSet as stored, or an {@link UnreadableDaemonSet} saying which fields do not fit. Never throws. */
    public static DaemonSet decode(GenericKubernetesResource raw) {
        Map<String, Object> object = asMap(raw);
        List<Violation> misfits =
                object.get("spec") instanceof Map<?, ?> spec ? ModelFitValidation.validate(asSpec(spec)) : List.of();
        if (!misfits.isEmpty()) {
            return unreadable(raw, object, misfits);
        }
        try {
            return STRICT.convertValue(object, DaemonSet.class);
        } catch (RuntimeException e) {
            JacksonException cause = databindCause(e);
            String field = cause == null ? "spec" : path(cause);
            if (field.startsWith("status")) {
                // only the status is damaged: the spec can still be served, and the next status write repairs it
                Map<String, Object> withoutStatus = new LinkedHashMap<>(object);
                withoutStatus.remove("status");
                DaemonSet repaired = readOrNull(withoutStatus, DaemonSet.class);
                if (repaired != null) {
                    return repaired;
                }
            }
            return unreadable(raw, object, List.of(new Violation(field, describe(object, field, cause))));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSpec(Map<?, ?> spec) {
        return (Map<String, Object>) spec;
    }

    private static UnreadableDaemonSet unreadable(
            GenericKubernetesResource raw, Map<String, Object> object, List<Violation> problems) {
        UnreadableDaemonSet shell = new UnreadableDaemonSet(problems);
        shell.setMetadata(raw.getMetadata());
        shell.setStatus(readOrNull(object.get("status"), DaemonSetStatus.class));
        return shell;
    }

    /** {@code value} read as {@code type}, or null when it does not fit. */
    private static <T> T readOrNull(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return STRICT.convertValue(value, type);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> asMap(GenericKubernetesResource raw) {
        Map<String, Object> object = new LinkedHashMap<>(raw.getAdditionalProperties());
        object.put("apiVersion", raw.getApiVersion());
        object.put("kind", raw.getKind());
        object.put("metadata", raw.getMetadata());
        return object;
    }

    /** The outermost Jackson exception that knows where it happened. */
    private static JacksonException databindCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JacksonException j && !j.getPath().isEmpty()) {
                return j;
            }
        }
        return null;
    }

    /** The API server's way of naming a field: {@code spec.template.spec.containers[0].ports[1].containerPort}. */
    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (ref.from() instanceof Map<?, ?> || isMapReference(ref)) {
                    out.append('[').append(ref.getPropertyName()).append(']');
                } else {
                    out.append(out.length() == 0 ? "" : ".").append(ref.getPropertyName());
                }
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "spec" : out.toString();
    }

    private static boolean isMapReference(JacksonException.Reference ref) {
        String description = ref.getDescription();
        return description != null && description.contains("Map[");
    }

    /** Worded as the API server words a type error, so the condition reads like what kubectl apply would have said. */
    private static String describe(Map<String, Object> object, String field, JacksonException cause) {
        Object value = valueAt(object, field);
        Class<?> target = cause == null ? null : targetType(cause);
        if (value instanceof Number n
                && (target == Integer.class || target == int.class || target == IntOrString.class)
                && isWhole(n)) {
            return "Invalid value: " + n + ": must be less than or equal to " + Integer.MAX_VALUE;
        }
        String expected = expected(target);
        if (expected == null) {
            String shown = value == null ? "null" : STRICT.writeValueAsString(value);
            return "Invalid value: "
                    + (shown.length() > MAX_VALUE_CHARS ? shown.substring(0, MAX_VALUE_CHARS) + "..." : shown)
                    + ": does not fit the DaemonSet schema";
        }
        return "Invalid value: \"" + (value == null ? "null" : ModelFitValidation.jsonType(value))
                + "\": must be of type " + expected;
    }

    private static boolean isWhole(Number n) {
        return !(n instanceof Double || n instanceof Float) || n.doubleValue() == Math.rint(n.doubleValue());
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (target == IntOrString.class) {
            return "integer or string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "integer";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "boolean";
        }
        if (target == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(target)) {
            return "array";
        }
        return "object";
    }

    private static Class<?> targetType(JacksonException cause) {
        if (cause instanceof tools.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            return m.getTargetType();
        }
        if (cause instanceof InputCoercionException c && c.getTargetType() != null) {
            return c.getTargetType();
        }
        if (cause instanceof tools.jackson.databind.exc.ValueInstantiationException v && v.getType() != null) {
            return v.getType().getRawClass();
        }
        return null;
    }

    /** The raw value at an API-style path, or null when the path does not lead anywhere. */
    static Object valueAt(Map<String, Object> object, String field) {
        Object current = object;
        for (String step : field.replace("[", ".[").split("\\.")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.startsWith("[") && step.endsWith("]")) {
                String inner = step.substring(1, step.length() - 1);
                if (current instanceof List<?> list && inner.chars().allMatch(Character::isDigit)) {
                    int i = Integer.parseInt(inner);
                    current = i < list.size() ? list.get(i) : null;
                } else {
                    current = current instanceof Map<?, ?> m ? m.get(inner) : null;
                }
            } else {
                current = current instanceof Map<?, ?> m ? m.get(step) : null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
