package dev.daemonset.operator.api;

/**
 * Size limits on {@code spec.selector}. The CRD states them so that the API server's cost estimate for
 * the CEL rules that walk the selector stays bounded; the controller checks the same numbers so that
 * both layers accept the same specs. Label values are limited to 63 characters by apps/v1 itself; the
 * counts are far above any real selector.
 */
public final class SelectorLimits {
    public static final int MAX_MATCH_LABELS = 64;
    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    public static final int MAX_MATCH_EXPRESSIONS = 64;
    public static final int MAX_EXPRESSION_VALUES = 256;

    private SelectorLimits() {}
}
