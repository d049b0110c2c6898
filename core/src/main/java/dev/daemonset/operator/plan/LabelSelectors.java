package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** metav1.LabelSelector semantics: matchLabels AND every matchExpression. */
public final class LabelSelectors {
    private LabelSelectors() {}

    public static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null
                                || selector.getMatchLabels().isEmpty())
                        && (selector.getMatchExpressions() == null
                                || selector.getMatchExpressions().isEmpty()));
    }

    /** A null selector matches nothing (as upstream's LabelSelectorAsSelector(nil)); an empty one everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                // a null value (stored by a cluster that validates nothing) matches no label
                if (e.getValue() == null || !e.getValue().equals(actual.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> false;
        };
    }

    /** kubectl-style text, for messages: {@code app=agent,tier in (a,b)}. */
    public static String describe(LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        StringBuilder sb = new StringBuilder();
        if (selector.getMatchLabels() != null) {
            new java.util.TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(k).append('=').append(v);
            });
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                String op = r.getOperator() == null ? "" : r.getOperator();
                switch (op) {
                    case "Exists" -> sb.append(r.getKey());
                    case "DoesNotExist" -> sb.append('!').append(r.getKey());
                    default ->
                        sb.append(r.getKey())
                                .append(' ')
                                .append(op.toLowerCase(java.util.Locale.ROOT))
                                .append(" (")
                                .append(String.join(",", r.getValues() == null ? List.of() : r.getValues()))
                                .append(')');
                }
            }
        }
        return sb.length() == 0 ? "<everything>" : sb.toString();
    }
}
