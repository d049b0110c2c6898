package dev.daemonset.operator.sandbox.apiserver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Prints values the way the API server's error messages do (it formats them with Go's fmt), so that a
 * message read in the sandbox is the message a cluster gives: strings quoted, integers plain, floats in
 * Go's shortest form ({@code 2.147483647e+09}, {@code 1.5}).
 */
final class GoFormat {
    private GoFormat() {}

    /** Go's {@code %q} of a string. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go's {@code %v} of a float64. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        // strconv's shortest %g, which %v uses: exponent form below 1e-4 and from 1e+06 on
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        return sign + shortest.abs().toPlainString();
    }

    /** A JSON value as the API server prints the value of a field error. */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isString()) {
            return quote(node.stringValue());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Long.toString(node.longValue());
        }
        if (node.isNumber()) {
            return number(node.doubleValue());
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        return goSyntax(node);
    }

    /** Go's {@code %#v} of the decoded JSON value, which the API server prints for objects and lists. */
    static String goSyntax(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            List<String> entries = new ArrayList<>();
            sorted.forEach((k, v) -> entries.add(quote(k) + ":" + goSyntax(v)));
            return "map[string]interface {}{" + String.join(", ", entries) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(v -> items.add(goSyntax(v)));
            return "[]interface {}{" + String.join(", ", items) + "}";
        }
        if (node.isNull()) {
            return "interface {}(nil)";
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return "int64(" + node.longValue() + ")";
        }
        if (node.isNumber()) {
            return number(node.doubleValue());
        }
        return value(node);
    }
}
