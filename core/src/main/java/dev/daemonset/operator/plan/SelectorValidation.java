package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.SelectorLimits;
import dev.daemonset.operator.api.TemplateLimits;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules for {@code spec.selector}: present, not empty, well-formed expressions, within the CRD's size limits. */
final class SelectorValidation {
    private static final String FIELD = "spec.selector";
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private SelectorValidation() {}

    /**
     * Adds the selector's violations and says whether it can be matched against labels: as upstream, the
     * template labels are only compared with a selector that is present, non-empty and well formed.
     */
    static boolean validate(LabelSelector selector, List<Violation> out) {
        if (selector == null) {
            out.add(new Violation(FIELD, "Required value"));
            return false;
        }
        if (LabelSelectors.isEmpty(selector)) {
            out.add(new Violation(FIELD, "Invalid value: {}: " + SpecValidator.EMPTY_SELECTOR_MESSAGE));
            return false;
        }
        checkMatchLabels(FIELD, selector.getMatchLabels(), true, out);
        return checkMatchExpressions(FIELD, selector.getMatchExpressions(), true, out);
    }

    /** Another label selector in the spec (the rollout's canary nodeSelector): well formed, may be empty. */
    static void validateRequirements(String field, LabelSelector selector, List<Violation> out) {
        checkMatchLabels(field, selector.getMatchLabels(), false, out);
        checkMatchExpressions(field, selector.getMatchExpressions(), false, out);
    }

    /**
     * Label syntax is checked in {@code spec.selector} only, where the CRD checks it; the canary node selector
     * keeps the looser rules its schema states.
     */
    private static void checkMatchLabels(String base, Map<String, String> labels, boolean syntax, List<Violation> out) {
        if (labels == null) {
            return;
        }
        if (syntax) {
            LabelValidation.checkMap(base + ".matchLabels", labels, SelectorLimits.MAX_MATCH_LABELS, out);
            return;
        }
        if (labels.size() > SelectorLimits.MAX_MATCH_LABELS) {
            out.add(new Violation(
                    base + ".matchLabels", tooMany(labels.size(), SelectorLimits.MAX_MATCH_LABELS, "properties")));
        }
        labels.forEach((key, value) -> {
            if (value == null) {
                out.add(new Violation(
                        base + ".matchLabels[" + key + "]",
                        FieldErrors.invalid(null, "a label value must be a string")));
            } else if (FieldErrors.longerThan(value, SelectorLimits.MAX_LABEL_VALUE_LENGTH)) {
                out.add(new Violation(
                        base + ".matchLabels[" + key + "]",
                        FieldErrors.tooLong(SelectorLimits.MAX_LABEL_VALUE_LENGTH)));
            }
        });
    }

    /** True when every expression can be evaluated; size limits do not make an expression unusable. */
    private static boolean checkMatchExpressions(
            String base, List<LabelSelectorRequirement> expressions, boolean syntax, List<Violation> out) {
        if (expressions == null) {
            return true;
        }
        if (expressions.size() > SelectorLimits.MAX_MATCH_EXPRESSIONS) {
            out.add(new Violation(
                    base + ".matchExpressions",
                    tooMany(expressions.size(), SelectorLimits.MAX_MATCH_EXPRESSIONS, "items")));
        }
        boolean usable = true;
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement r = expressions.get(i);
            String field = base + ".matchExpressions[" + i + "]";
            if (r == null) {
                out.add(new Violation(field, FieldErrors.required()));
                usable = false;
                continue;
            }
            usable &= checkExpression(r, field, out);
            if (syntax) {
                checkSyntax(r, field, out);
            }
        }
        return usable;
    }

    private static boolean checkExpression(LabelSelectorRequirement r, String field, List<Violation> out) {
        int before = out.size();
        String op = r.getOperator();
        int n = r.getValues() == null ? 0 : r.getValues().size();
        if (r.getKey() == null || r.getKey().isEmpty()) {
            out.add(new Violation(field + ".key", "Required value"));
        }
        if (op == null || !OPERATORS.contains(op)) {
            out.add(new Violation(
                    field + ".operator",
                    "Unsupported value: \"" + op
                            + "\": supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\""));
        } else if ((op.equals("In") || op.equals("NotIn")) && n == 0) {
            out.add(new Violation(
                    field + ".values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
        } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && n > 0) {
            out.add(new Violation(
                    field + ".values",
                    "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        boolean usable = out.size() == before;
        if (n > SelectorLimits.MAX_EXPRESSION_VALUES) {
            out.add(new Violation(field + ".values", tooMany(n, SelectorLimits.MAX_EXPRESSION_VALUES, "items")));
        }
        return usable;
    }

    /** Not part of "usable": like the CRD's template rule, a selector with a badly spelled key still gets compared. */
    private static void checkSyntax(LabelSelectorRequirement r, String field, List<Violation> out) {
        if (r.getKey() != null && !r.getKey().isEmpty()) {
            if (FieldErrors.longerThan(r.getKey(), TemplateLimits.MAX_LABEL_KEY_LENGTH)) {
                out.add(new Violation(field + ".key", FieldErrors.tooLong(TemplateLimits.MAX_LABEL_KEY_LENGTH)));
            } else {
                LabelValidation.checkKey(field + ".key", r.getKey(), out);
            }
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        for (int k = 0; k < values.size(); k++) {
            LabelValidation.checkValue(field + ".values[" + k + "]", values.get(k), out);
        }
    }

    private static String tooMany(int actual, int max, String what) {
        return "Too many: " + actual + ": must have at most " + max + " " + what;
    }
}
