package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector string, as a {@code labelSelector} query parameter carries it:
 * {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a},
 * joined by commas (all must hold).
 */
public final class LabelSelector {
    enum Op {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());
    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a selector; throws IllegalArgumentException with a kubectl-like message when it is malformed. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String term : splitTopLevel(selector)) {
            String t = term.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("invalid label selector: \"" + selector + "\"");
            }
            out.add(parseRequirement(t, selector));
        }
        return new LabelSelector(List.copyOf(out));
    }

    private static Requirement parseRequirement(String t, String selector) {
        if (t.startsWith("!")) {
            return new Requirement(key(t.substring(1), selector), Op.DOES_NOT_EXIST, Set.of());
        }
        int paren = t.indexOf('(');
        if (paren > 0) {
            String head = t.substring(0, paren).trim();
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("invalid label selector: \"" + selector + "\"");
            }
            Set<String> values = new LinkedHashSet<>();
            for (String v : t.substring(paren + 1, t.length() - 1).split(",")) {
                if (!v.trim().isEmpty()) {
                    values.add(v.trim());
                }
            }
            String[] words = head.split("\\s+");
            if (words.length == 2 && words[1].equals("in")) {
                return new Requirement(key(words[0], selector), Op.IN, values);
            }
            if (words.length == 2 && words[1].equals("notin")) {
                return new Requirement(key(words[0], selector), Op.NOT_IN, values);
            }
            throw new IllegalArgumentException("invalid label selector: \"" + selector + "\"");
        }
        int ne = t.indexOf("!=");
        if (ne > 0) {
            return new Requirement(
                    key(t.substring(0, ne), selector),
                    Op.NOT_EQUALS,
                    Set.of(t.substring(ne + 2).trim()));
        }
        int eq = t.indexOf("==");
        if (eq > 0) {
            return new Requirement(
                    key(t.substring(0, eq), selector),
                    Op.EQUALS,
                    Set.of(t.substring(eq + 2).trim()));
        }
        eq = t.indexOf('=');
        if (eq > 0) {
            return new Requirement(
                    key(t.substring(0, eq), selector),
                    Op.EQUALS,
                    Set.of(t.substring(eq + 1).trim()));
        }
        return new Requirement(key(t, selector), Op.EXISTS, Set.of());
    }

    private static String key(String raw, String selector) {
        String k = raw.trim();
        if (k.isEmpty() || k.contains(" ") || k.contains("(") || k.contains(")")) {
            throw new IllegalArgumentException("invalid label selector: \"" + selector + "\"");
        }
        return k;
    }

    /** Splits on commas that are not inside parentheses. */
    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    @Override
    public String toString() {
        return requirements.toString();
    }
}
