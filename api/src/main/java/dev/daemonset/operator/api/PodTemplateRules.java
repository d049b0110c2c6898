package dev.daemonset.operator.api;

/**
 * CEL rules for the parts of {@code spec.template} that come from fabric8's model classes (node affinity
 * requirements, tolerations) and for label keys and container names. The build ({@code GenerateCrd})
 * attaches the item rules to the innermost schema node they check, so each call stays small; the lists
 * around them are bounded by {@link TemplateLimits}. Each rule guards the fields it reads with {@code has},
 * so a missing field is reported once, by the schema's {@code required}, not again as an evaluation error.
 */
public final class PodTemplateRules {
    static final String NODE_AFFINITY = "spec.template.spec.affinity.nodeAffinity";
    static final String TOLERATIONS = "spec.template.spec.tolerations";
    static final String LABEL_KEY_SYNTAX =
            "an optional DNS subdomain prefix of at most 253 characters and '/', then a name"
                    + " of at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";

    /** One x-kubernetes-validations entry. */
    public record Rule(String rule, String fieldPath, String reason, String message) {}

    // ---- node affinity: one matchExpressions item (required terms and preferred terms' preference) ----------

    public static final Rule EXPRESSION_VALUES_REQUIRED = new Rule(
            "!has(self.operator) || !(self.operator in ['In', 'NotIn']) || (has(self.values) && size(self.values) > 0)",
            ".values",
            "FieldValueRequired",
            NODE_AFFINITY + " match expression values must be specified when `operator` is 'In' or 'NotIn'");
    public static final Rule EXPRESSION_VALUES_FORBIDDEN = new Rule(
            "!has(self.operator) || !(self.operator in ['Exists', 'DoesNotExist']) || !has(self.values) || size(self.values) == 0",
            ".values",
            "FieldValueForbidden",
            NODE_AFFINITY
                    + " match expression values may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    /**
     * Go's ParseInt range (int64) without the strings extension: up to 18 digits always fit, and 19 digits
     * fit when they compare, as strings of equal length, at most the limit of their sign.
     */
    private static final String INT64 = "(self.values[0].matches('^[-+]?[0-9]{1,18}$')"
            + " || (self.values[0].matches('^[0-9]{19}$') && self.values[0] <= '9223372036854775807')"
            + " || (self.values[0].matches('^[+][0-9]{19}$') && self.values[0] <= '+9223372036854775807')"
            + " || (self.values[0].matches('^-[0-9]{19}$') && self.values[0] <= '-9223372036854775808'))";
    /* values[0], not values.all(...): the API server would cost all() for the 256 values the schema allows. */
    public static final Rule EXPRESSION_SINGLE_INTEGER = new Rule(
            "!has(self.operator) || !(self.operator in ['Gt', 'Lt']) || (has(self.values) && size(self.values) == 1"
                    + " && " + INT64 + ")",
            ".values",
            "FieldValueInvalid",
            NODE_AFFINITY + " match expression values must be one integer when `operator` is 'Gt' or 'Lt'");
    public static final Rule EXPRESSION_KEY = new Rule(
            "!has(self.key) || " + LabelSyntaxRules.isLabelKey("self.key"),
            ".key",
            "FieldValueInvalid",
            NODE_AFFINITY + " match expression key must be a valid label key: " + LABEL_KEY_SYNTAX);

    // ---- node affinity: one matchFields item ----------------------------------------------------------------

    public static final Rule FIELD_SINGLE_VALUE = new Rule(
            "has(self.values) && size(self.values) == 1",
            ".values",
            "FieldValueRequired",
            NODE_AFFINITY + " match field values must be exactly one node name");

    // ---- one toleration -------------------------------------------------------------------------------------

    public static final Rule TOLERATION_EXISTS_WITHOUT_VALUE = new Rule(
            "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
            ".operator",
            "FieldValueInvalid",
            TOLERATIONS + "[*].value must be empty when `operator` is 'Exists'");
    public static final Rule TOLERATION_EMPTY_KEY_NEEDS_EXISTS = new Rule(
            "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
            ".operator",
            "FieldValueInvalid",
            TOLERATIONS
                    + "[*].operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
    public static final Rule TOLERATION_KEY = new Rule(
            "!has(self.key) || self.key == '' || " + LabelSyntaxRules.isLabelKey("self.key"),
            ".key",
            "FieldValueInvalid",
            TOLERATIONS + "[*].key must be a valid label key: " + LABEL_KEY_SYNTAX);
    public static final Rule TOLERATION_SECONDS_NEED_NO_EXECUTE = new Rule(
            "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
            ".effect",
            "FieldValueInvalid",
            TOLERATIONS + "[*].effect must be 'NoExecute' when `tolerationSeconds` is set");

    // ---- on spec.template and spec.selector (as annotations on DaemonSetSpec) --------------------------------

    static final String TEMPLATE_LABEL_KEYS = "!has(self.metadata) || !has(self.metadata.labels)"
            + " || self.metadata.labels.all(k, " + LabelSyntaxRules.IS_LABEL_KEY_K + ")";
    static final String NODE_SELECTOR_KEYS = "!has(self.spec) || !has(self.spec.nodeSelector)"
            + " || self.spec.nodeSelector.all(k, " + LabelSyntaxRules.IS_LABEL_KEY_K + ")";
    /* No rule for matchLabels keys: each must also be a template label key (or the selector does not match),
     * and those are checked. */
    static final String MATCH_EXPRESSION_KEYS = "!has(self.matchExpressions) || self.matchExpressions.all(e, "
            + "!has(e.key) || e.key == '' || " + LabelSyntaxRules.IS_LABEL_KEY_E + ")";

    /** apps/v1 checks init containers first, then containers against every name seen, so a clash is the container's. */
    static final String CONTAINER_NAMES_UNIQUE = "!has(self.spec) || !has(self.spec.containers)"
            + " || self.spec.containers.all(c, !has(c.name)"
            + " || (self.spec.containers.filter(d, has(d.name) && d.name == c.name).size() == 1"
            + " && (!has(self.spec.initContainers) || !self.spec.initContainers.exists(i, has(i.name) && i.name == c.name))))";

    static final String INIT_CONTAINER_NAMES_UNIQUE = "!has(self.spec) || !has(self.spec.initContainers)"
            + " || self.spec.initContainers.all(c, !has(c.name)"
            + " || self.spec.initContainers.filter(d, has(d.name) && d.name == c.name).size() == 1)";

    private PodTemplateRules() {}
}
