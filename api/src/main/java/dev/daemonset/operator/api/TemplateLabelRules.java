package dev.daemonset.operator.api;

/**
 * The CEL rule that checks the template labels against the selector, spelled out here because it is
 * too long to read inside an annotation. It uses standard CEL only and iterates just the selector,
 * whose sizes the CRD bounds, so the API server's cost estimate stays small. Like apps/v1, it says
 * nothing while the selector itself is malformed: the selector's own rules report that.
 */
final class TemplateLabelRules {
    private static final String LABELS = "self.template.metadata.labels";
    private static final String HAS_LABELS =
            "(has(self.template) && has(self.template.metadata) && has(" + LABELS + "))";
    private static final String EXPRESSIONS = "self.selector.matchExpressions";
    private static final String HAS_VALUES = "(has(e.values) && size(e.values) > 0)";

    private static final String MALFORMED_EXPRESSION = "!has(e.key) || e.key == '' || !has(e.operator)"
            + " || !(e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])"
            + " || (e.operator in ['In', 'NotIn'] && !" + HAS_VALUES + ")"
            + " || (e.operator in ['Exists', 'DoesNotExist'] && " + HAS_VALUES + ")";
    private static final String SELECTOR_MALFORMED =
            "(has(" + EXPRESSIONS + ") && " + EXPRESSIONS + ".exists(e, " + MALFORMED_EXPRESSION + "))";

    private static final String MATCH_LABELS_HOLD =
            "(!has(self.selector.matchLabels) || self.selector.matchLabels.all(k, " + HAS_LABELS + " && k in " + LABELS
                    + " && " + LABELS + "[k] == self.selector.matchLabels[k]))";

    private static final String KEY_PRESENT = "(" + HAS_LABELS + " && e.key in " + LABELS + ")";
    private static final String VALUE_LISTED = "(" + KEY_PRESENT + " && " + LABELS + "[e.key] in e.values)";
    private static final String MATCH_EXPRESSIONS_HOLD = "(!has(" + EXPRESSIONS + ") || " + EXPRESSIONS + ".all(e, "
            + "e.operator == 'In' ? " + VALUE_LISTED
            + " : e.operator == 'NotIn' ? !" + VALUE_LISTED
            + " : e.operator == 'Exists' ? " + KEY_PRESENT
            + " : !" + KEY_PRESENT + "))";

    static final String SELECTOR_MATCHES_TEMPLATE = "!has(self.selector) || " + SELECTOR_MALFORMED + " || ("
            + MATCH_LABELS_HOLD + " && " + MATCH_EXPRESSIONS_HOLD + ")";

    private TemplateLabelRules() {}
}
