package dev.daemonset.operator.sandbox.apiserver;

/**
 * One rejected field, as the API server reports it in a {@code Status} cause and in the message of a
 * 422 answer: {@code <field>: <body>}, where the body is the kind of error, the offending value when the
 * kind shows one, and the detail ({@code Invalid value: -1: spec.x in body should be greater than or equal to 0}).
 *
 * @param value the offending value already rendered as the API server prints it, or null when the kind
 *     of error does not show one
 * @param rule the CEL rule that failed, or null when a schema keyword did
 */
public record FieldError(Type type, String field, String value, String detail, String rule) {
    /** The kinds of field error a custom resource can get, with the words and the cause reason the API server uses. */
    public enum Type {
        REQUIRED("Required value", "FieldValueRequired", false),
        INVALID("Invalid value", "FieldValueInvalid", true),
        TYPE_INVALID("Invalid value", "FieldValueTypeInvalid", true),
        NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported", true),
        DUPLICATE("Duplicate value", "FieldValueDuplicate", true),
        FORBIDDEN("Forbidden", "FieldValueForbidden", false),
        TOO_LONG("Too long", "FieldValueTooLong", false),
        TOO_MANY("Too many", "FieldValueTooMany", true);

        private final String words;
        private final String reason;
        private final boolean showsValue;

        Type(String words, String reason, boolean showsValue) {
            this.words = words;
            this.reason = reason;
            this.showsValue = showsValue;
        }

        public String reason() {
            return reason;
        }
    }

    /** The field path the API server prints for an error that belongs to no field. */
    public static final String NO_FIELD = "<nil>";

    /** What follows {@code <field>: }, e.g. {@code Unsupported value: "BlueGreen": supported values: "OnDelete", "RollingUpdate"}. */
    public String body() {
        StringBuilder sb = new StringBuilder(type.words);
        if (type.showsValue && value != null) {
            sb.append(": ").append(value);
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    public String reason() {
        return type.reason();
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }
}
