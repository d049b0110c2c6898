package dev.daemonset.operator.sandbox.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The simple JSONPath subset CRD printer columns use: {@code .a.b}, {@code .a[0].b},
 * {@code .a[?(@.type=="Ready")].status} (first match).
 */
public final class JsonPaths {
    private JsonPaths() {}

    public static JsonNode find(JsonNode root, String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        JsonNode current = root;
        int i = 0;
        while (i < p.length() && current != null && !current.isMissingNode()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                String field = p.substring(i + 1, end);
                if (!field.isEmpty()) {
                    current = current.path(field);
                }
                i = end;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    return MissingNode.getInstance();
                }
                String inner = p.substring(i + 1, end);
                if (inner.startsWith("?(")) {
                    current = filter(current, inner.substring(2, inner.length() - 1));
                } else if (inner.equals("*")) {
                    current = current.path(0);
                } else {
                    try {
                        int index = Integer.parseInt(inner.trim());
                        current = current.path(index < 0 ? current.size() + index : index);
                    } catch (NumberFormatException e) {
                        current = current.path(inner.replace("'", "").replace("\"", ""));
                    }
                }
                i = end + 1;
            } else {
                int end = i;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                current = current.path(p.substring(i, end));
                i = end;
            }
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    private static JsonNode filter(JsonNode array, String expr) {
        int eq = expr.indexOf("==");
        if (eq < 0 || !array.isArray()) {
            return MissingNode.getInstance();
        }
        String left = expr.substring(0, eq).trim();
        String right = expr.substring(eq + 2).trim().replaceAll("^[\"']|[\"']$", "");
        String field = left.startsWith("@") ? left.substring(1) : left;
        for (JsonNode element : array) {
            if (right.equals(Json.text(find(element, field)))) {
                return element;
            }
        }
        return MissingNode.getInstance();
    }
}
