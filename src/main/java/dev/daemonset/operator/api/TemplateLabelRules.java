package dev.daemonset.operator.api;

/**
 * The CEL rules that check the template labels against the selector, spelled out here because they
 * are too long to read inside an annotation. They use standard CEL only, and iterate just the
 * selector, whose sizes the CRD bounds, so the API server's cost estimate stays small.
 */
final class TemplateLabelRules {
  private static final String LABELS = "self.template.metadata.labels";
  private static final String HAS_LABELS =
      "has(self.template) && has(self.template.metadata) && has(" + LABELS + ")";
  private static final String KEY_PRESENT = "(" + HAS_LABELS + " && e.key in " + LABELS + ")";
  private static final String VALUE_LISTED =
      "(" + HAS_LABELS + " && e.key in " + LABELS + " && has(e.values) && " + LABELS + "[e.key] in e.values)";

  static final String MATCH_LABELS = "!has(self.selector) || !has(self.selector.matchLabels)"
      + " || self.selector.matchLabels.all(k, " + HAS_LABELS + " && k in " + LABELS
      + " && " + LABELS + "[k] == self.selector.matchLabels[k])";

  /** An expression with no key or an unknown operator is reported by the selector's own rules, not here. */
  static final String MATCH_EXPRESSIONS = "!has(self.selector) || !has(self.selector.matchExpressions)"
      + " || self.selector.matchExpressions.all(e, !has(e.key) || !has(e.operator)"
      + " || (e.operator == 'In' ? " + VALUE_LISTED
      + " : e.operator == 'NotIn' ? !" + VALUE_LISTED
      + " : e.operator == 'Exists' ? " + KEY_PRESENT
      + " : e.operator == 'DoesNotExist' ? !" + KEY_PRESENT
      + " : true))";

  private TemplateLabelRules() {}
}
