package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.TemplateLimits;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.List;

/**
 * Upstream's node affinity rules (ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement) for
 * required terms and preferred terms' preference. {@link NodeSelectorMatcher} reads a term that breaks them as
 * "matches no node", so without this check a typo such as {@code operator: in} would delete every pod.
 */
final class NodeAffinityValidation {
    private static final String FIELD = "spec.template.spec.affinity.nodeAffinity";
    private static final String[] OPERATORS = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};

    private NodeAffinityValidation() {}

    static void validate(NodeAffinity affinity, List<Violation> out) {
        if (affinity == null) {
            return;
        }
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            String base = FIELD + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            List<NodeSelectorTerm> terms =
                    affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            if (terms != null) {
                maxItems(base, terms.size(), TemplateLimits.MAX_NODE_SELECTOR_TERMS, out);
                for (int i = 0; i < terms.size(); i++) {
                    term(base + "[" + i + "]", terms.get(i), out);
                }
            }
        }
        List<PreferredSchedulingTerm> preferred = affinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred != null) {
            String base = FIELD + ".preferredDuringSchedulingIgnoredDuringExecution";
            maxItems(base, preferred.size(), TemplateLimits.MAX_NODE_SELECTOR_TERMS, out);
            for (int i = 0; i < preferred.size(); i++) {
                if (preferred.get(i) != null) {
                    term(base + "[" + i + "].preference", preferred.get(i).getPreference(), out);
                }
            }
        }
    }

    private static void term(String field, NodeSelectorTerm term, List<Violation> out) {
        if (term == null) {
            return;
        }
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions();
        if (expressions != null) {
            maxItems(
                    field + ".matchExpressions",
                    expressions.size(),
                    TemplateLimits.MAX_NODE_SELECTOR_REQUIREMENTS,
                    out);
            for (int j = 0; j < expressions.size(); j++) {
                expression(field + ".matchExpressions[" + j + "]", expressions.get(j), out);
            }
        }
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        if (fields != null) {
            maxItems(field + ".matchFields", fields.size(), TemplateLimits.MAX_NODE_SELECTOR_REQUIREMENTS, out);
            for (int j = 0; j < fields.size(); j++) {
                matchField(field + ".matchFields[" + j + "]", fields.get(j), out);
            }
        }
    }

    private static void expression(String field, NodeSelectorRequirement r, List<Violation> out) {
        if (r == null) {
            out.add(new Violation(field, FieldErrors.required()));
            return;
        }
        if (r.getKey() == null) {
            out.add(new Violation(field + ".key", FieldErrors.required()));
        } else if (FieldErrors.longerThan(r.getKey(), TemplateLimits.MAX_LABEL_KEY_LENGTH)) {
            out.add(new Violation(field + ".key", FieldErrors.tooLong(TemplateLimits.MAX_LABEL_KEY_LENGTH)));
        } else {
            LabelValidation.checkKey(field + ".key", r.getKey(), out);
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        values(field, values, TemplateLimits.MAX_LABEL_VALUE_LENGTH, out);
        String op = r.getOperator();
        if (op == null) {
            out.add(new Violation(field + ".operator", FieldErrors.required()));
            return;
        }
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    out.add(new Violation(
                            field + ".values",
                            FieldErrors.required("must be specified when `operator` is 'In' or 'NotIn'")));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    out.add(new Violation(
                            field + ".values",
                            FieldErrors.forbidden(
                                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")));
                }
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    out.add(new Violation(
                            field + ".values",
                            FieldErrors.required("must be specified single value when `operator` is 'Lt' or 'Gt'")));
                } else if (!isInteger(values.get(0))) {
                    out.add(new Violation(
                            field + ".values[0]",
                            FieldErrors.invalid(values.get(0), "must be an integer when `operator` is 'Lt' or 'Gt'")));
                }
            }
            default -> out.add(new Violation(field + ".operator", FieldErrors.unsupported(op, OPERATORS)));
        }
    }

    /** matchFields may only compare the node's name, with In or NotIn and exactly one value. */
    private static void matchField(String field, NodeSelectorRequirement r, List<Violation> out) {
        if (r == null) {
            out.add(new Violation(field, FieldErrors.required()));
            return;
        }
        if (r.getKey() == null) {
            out.add(new Violation(field + ".key", FieldErrors.required()));
        } else if (!r.getKey().equals(NodeSelectorMatcher.NAME_FIELD)) {
            out.add(new Violation(field + ".key", FieldErrors.unsupported(r.getKey(), NodeSelectorMatcher.NAME_FIELD)));
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        values(field, values, TemplateLimits.MAX_NODE_NAME_LENGTH, out);
        String op = r.getOperator();
        if (op == null) {
            out.add(new Violation(field + ".operator", FieldErrors.required()));
        } else if (!op.equals("In") && !op.equals("NotIn")) {
            out.add(new Violation(field + ".operator", FieldErrors.unsupported(op, "In", "NotIn")));
        }
        if (values.size() != 1) {
            out.add(new Violation(
                    field + ".values",
                    FieldErrors.required(
                            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector")));
        }
    }

    private static void values(String field, List<String> values, int maxLength, List<Violation> out) {
        maxItems(field + ".values", values.size(), TemplateLimits.MAX_REQUIREMENT_VALUES, out);
        for (int k = 0; k < values.size(); k++) {
            String v = values.get(k);
            if (v == null) {
                out.add(new Violation(field + ".values[" + k + "]", FieldErrors.invalid(null, "must be a string")));
            } else if (FieldErrors.longerThan(v, maxLength)) {
                out.add(new Violation(field + ".values[" + k + "]", FieldErrors.tooLong(maxLength)));
            }
        }
    }

    /**
     * An int64 as Go's ParseInt reads it, spelled with at most 19 digits after the sign: the CRD's rule
     * checks the range by comparing strings of equal length, which leaves out numbers padded with zeros
     * beyond 19 digits (no node label is).
     */
    private static boolean isInteger(String v) {
        if (v == null || !LabelSyntax.isInt64(v)) {
            return false;
        }
        int digits = v.startsWith("+") || v.startsWith("-") ? v.length() - 1 : v.length();
        return digits <= 19;
    }

    private static void maxItems(String field, int size, int max, List<Violation> out) {
        if (size > max) {
            out.add(new Violation(field, FieldErrors.tooMany(size, max, "items")));
        }
    }
}
