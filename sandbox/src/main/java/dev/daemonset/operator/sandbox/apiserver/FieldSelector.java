package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed field selector ({@code a=b}, {@code a==b}, {@code a!=b}, comma-joined), evaluated on any dotted
 * field path of the stored JSON (e.g. {@code spec.nodeName}, {@code involvedObject.uid}); a missing field
 * compares as the empty string, as the API server does for the fields it supports.
 */
public final class FieldSelector {
    record Requirement(String field, boolean equals, String value) {
        boolean matches(JsonNode obj) {
            String actual = Json.text(Json.at(obj, field), "");
            return equals == actual.equals(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(JsonNode obj) {
        for (Requirement r : requirements) {
            if (!r.matches(obj)) {
                return false;
            }
        }
        return true;
    }

    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String term : selector.split(",")) {
            String t = term.trim();
            int ne = t.indexOf("!=");
            int eq2 = t.indexOf("==");
            int eq = t.indexOf('=');
            if (ne > 0) {
                out.add(new Requirement(
                        t.substring(0, ne).trim(), false, t.substring(ne + 2).trim()));
            } else if (eq2 > 0) {
                out.add(new Requirement(
                        t.substring(0, eq2).trim(), true, t.substring(eq2 + 2).trim()));
            } else if (eq > 0) {
                out.add(new Requirement(
                        t.substring(0, eq).trim(), true, t.substring(eq + 1).trim()));
            } else {
                throw new IllegalArgumentException("invalid field selector: \"" + selector + "\"");
            }
        }
        return new FieldSelector(List.copyOf(out));
    }
}
