package dev.daemonset.operator.plan;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The wording of upstream's field.Error kinds, so the operator's messages read as the API server's. */
final class FieldErrors {
    private FieldErrors() {}

    static String required() {
        return "Required value";
    }

    static String required(String detail) {
        return "Required value: " + detail;
    }

    static String forbidden(String detail) {
        return "Forbidden: " + detail;
    }

    static String invalid(String value, String detail) {
        return "Invalid value: " + quote(value) + ": " + detail;
    }

    static String duplicate(String value) {
        return "Duplicate value: " + quote(value);
    }

    /** Upstream lists the supported values sorted. */
    static String unsupported(String value, String... supported) {
        return "Unsupported value: " + quote(value) + ": supported values: "
                + Arrays.stream(supported).sorted().map(FieldErrors::quote).collect(Collectors.joining(", "));
    }

    static String tooLong(int max) {
        return "Too long: may not be more than " + max + " characters";
    }

    static String tooMany(int actual, int max, String what) {
        return "Too many: " + actual + ": must have at most " + max + " " + what;
    }

    static boolean longerThan(String s, int max) {
        return s.codePointCount(0, s.length()) > max;
    }

    static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
