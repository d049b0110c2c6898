package dev.daemonset.operator.api;

/**
 * Label syntax as OpenAPI patterns and CEL rules. A label value is checked by the schema's
 * {@code pattern}; a label key that is a map key can only be checked by CEL. The regular expressions are
 * RE2-compatible and anchored; in a key they bound the name part to 63 characters themselves, and the 253-character
 * limit on the prefix is a second, cheap match because RE2 cannot count across the alternatives.
 */
final class LabelSyntaxRules {
    /**
     * Empty, or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric. The 63-character
     * limit is the schema's maxLength, so that a long value gets one message, not two.
     */
    static final String LABEL_VALUE_PATTERN = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
    /** A DNS-1123 label, as upstream requires of container names (its length is the schema's maxLength). */
    static final String DNS1123_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private static final String QUALIFIED_NAME =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
    private static final String PREFIX_AT_MOST_253 = "^[^/]{1,253}/";

    /** CEL: the map key {@code k} is a valid label key (annotations need constant expressions, hence the copies). */
    static final String IS_LABEL_KEY_K =
            "(k.matches('" + QUALIFIED_NAME + "') && (!k.contains('/') || k.matches('" + PREFIX_AT_MOST_253 + "')))";
    /** CEL: the key of the match expression {@code e} is a valid label key. */
    static final String IS_LABEL_KEY_E = "(e.key.matches('" + QUALIFIED_NAME
            + "') && (!e.key.contains('/') || e.key.matches('" + PREFIX_AT_MOST_253 + "')))";

    /** CEL: the string {@code s} is a valid label key (upstream's qualified name). */
    static String isLabelKey(String s) {
        return "(" + s + ".matches('" + QUALIFIED_NAME + "') && (!" + s + ".contains('/') || " + s + ".matches('"
                + PREFIX_AT_MOST_253 + "')))";
    }

    private LabelSyntaxRules() {}
}
