package dev.daemonset.operator.sandbox.apiserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The labels and annotations of any object, as kube-apiserver checks them on every create, update and
 * patch of every kind: label keys and annotation keys are qualified names, label values at most 63
 * characters of a restricted alphabet, and all annotations together at most 256 KiB. Without this the
 * sandbox kept a 3 MB annotation or a label key with a space that a cluster refuses, so a test of hostile
 * input passed here against objects that cannot exist there.
 */
final class ObjectMetaRules {
    /** Keys and values together, in bytes (apimachinery's TotalAnnotationSizeLimitB). */
    static final int TOTAL_ANNOTATION_BYTES = 256 * 1024;

    private static final int NAME_PART_MAX = 63;
    private static final int LABEL_VALUE_MAX = 63;
    private static final String NAME_REGEX = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    private static final Pattern LABEL_VALUE = Pattern.compile("(" + NAME_REGEX + ")?");
    private static final String NAME_MESSAGE =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start"
                    + " and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
                    + " validation is '" + NAME_REGEX + "')";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of"
            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(" + NAME_REGEX + ")?')";

    private ObjectMetaRules() {}

    /** Throws the API server's 422 when the object's labels or annotations could not be stored by a cluster. */
    static void enforce(ResourceType type, ObjectNode obj) {
        List<FieldError> errors = check(obj.path("metadata"));
        if (!errors.isEmpty()) {
            throw CustomResourceValidation.invalid(
                    type, Json.text(obj.path("metadata").path("name"), ""), errors);
        }
    }

    static List<FieldError> check(JsonNode metadata) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode labels = metadata.path("labels");
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            qualifiedName("metadata.labels", label.getKey(), label.getKey(), errors);
            JsonNode value = label.getValue();
            if (value.isString()) {
                labelValue(value.asString(), errors);
            }
        }
        JsonNode annotations = metadata.path("annotations");
        long bytes = 0;
        for (Map.Entry<String, JsonNode> annotation : annotations.properties()) {
            // upstream checks the lower-cased key: an annotation key may have capitals in its prefix
            qualifiedName(
                    "metadata.annotations",
                    annotation.getKey(),
                    annotation.getKey().toLowerCase(Locale.ROOT),
                    errors);
            bytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length;
            if (annotation.getValue().isString()) {
                bytes += annotation.getValue().asString().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (bytes > TOTAL_ANNOTATION_BYTES) {
            errors.add(new FieldError(
                    FieldError.Type.TOO_LONG,
                    "metadata.annotations",
                    null,
                    "must have at most " + TOTAL_ANNOTATION_BYTES + " bytes",
                    null));
        }
        return errors;
    }

    private static void qualifiedName(String field, String shown, String key, List<FieldError> errors) {
        String[] parts = key.split("/", -1);
        if (parts.length > 2) {
            errors.add(invalid(
                    field,
                    shown,
                    "a qualified name " + NAME_MESSAGE
                            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
            return;
        }
        if (parts.length == 2) {
            part(
                    field,
                    shown,
                    "prefix",
                    parts[0],
                    ObjectNames.MAX_LENGTH,
                    ObjectNames.SUBDOMAIN,
                    ObjectNames.SUBDOMAIN_MESSAGE,
                    errors);
        }
        part(field, shown, "name", parts[parts.length - 1], NAME_PART_MAX, NAME, NAME_MESSAGE, errors);
    }

    /** One part of a qualified name: its first problem, as upstream reports it. */
    private static void part(
            String field,
            String shown,
            String which,
            String value,
            int max,
            Pattern pattern,
            String message,
            List<FieldError> errors) {
        if (value.isEmpty()) {
            errors.add(invalid(field, shown, which + " part must be non-empty"));
        } else if (value.length() > max) {
            errors.add(invalid(field, shown, which + " part must be no more than " + max + " characters"));
        } else if (!pattern.matcher(value).matches()) {
            errors.add(invalid(field, shown, which + " part " + message));
        }
    }

    private static void labelValue(String value, List<FieldError> errors) {
        if (value.length() > LABEL_VALUE_MAX) {
            errors.add(invalid("metadata.labels", value, "must be no more than " + LABEL_VALUE_MAX + " characters"));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(invalid("metadata.labels", value, LABEL_VALUE_MESSAGE));
        }
    }

    private static FieldError invalid(String field, String value, String detail) {
        return new FieldError(FieldError.Type.INVALID, field, GoFormat.quote(value), detail, null);
    }
}
