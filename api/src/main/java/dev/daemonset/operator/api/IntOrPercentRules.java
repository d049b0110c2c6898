package dev.daemonset.operator.api;

/**
 * CEL rules for the int-or-string fields maxUnavailable and maxSurge. Such a field is {@code dyn} in
 * CEL, so every rule checks {@code type(...)} first. Percentages are parsed with regular expressions
 * rather than the Kubernetes strings extension, so the rules are standard CEL.
 */
final class IntOrPercentRules {
    static final String INT_OR_PERCENT = "type(self) == int || self.matches('^[0-9]+%$')";
    static final String NOT_NEGATIVE = "type(self) != int || self >= 0";
    /** The API server stores any int64; the Java model (and apps/v1) holds an int32. */
    static final String INT32 = "type(self) != int || self <= 2147483647";
    /** Three or more significant digits are over 100%, except 100 itself; leading zeros are allowed, as upstream. */
    static final String AT_MOST_100_PERCENT =
            "type(self) != string || !self.matches('^0*[1-9][0-9]{2,}%$') || self.matches('^0*100%$')";

    private static final String ROLLING_UPDATE = "self.rollingUpdate";
    private static final String UNAVAILABLE = ROLLING_UPDATE + ".maxUnavailable";
    private static final String SURGE = ROLLING_UPDATE + ".maxSurge";

    /* Only a well-formed zero or positive value counts; a malformed one is reported by the field's own rules. */
    private static final String UNAVAILABLE_ZERO =
            "(type(" + UNAVAILABLE + ") == int ? " + UNAVAILABLE + " == 0 : " + UNAVAILABLE + ".matches('^0+%$'))";
    private static final String SURGE_ZERO =
            "(type(" + SURGE + ") == int ? " + SURGE + " == 0 : " + SURGE + ".matches('^0+%$'))";
    private static final String UNAVAILABLE_POSITIVE = "(type(" + UNAVAILABLE + ") == int ? " + UNAVAILABLE + " > 0 : "
            + UNAVAILABLE + ".matches('^0*[1-9][0-9]*%$'))";
    private static final String SURGE_POSITIVE =
            "(type(" + SURGE + ") == int ? " + SURGE + " > 0 : " + SURGE + ".matches('^0*[1-9][0-9]*%$'))";

    /** apps/v1 checks the pair only for RollingUpdate, the default type. */
    private static final String PAIR_IGNORED =
            "(has(self.type) && self.type == 'OnDelete') || !has(" + ROLLING_UPDATE + ")";

    /** An absent maxUnavailable means 1, an absent maxSurge 0 (the apps/v1 defaults). */
    static final String NOT_BOTH_ZERO = PAIR_IGNORED
            + " || !(has(" + UNAVAILABLE + ") && " + UNAVAILABLE_ZERO
            + " && (!has(" + SURGE + ") || " + SURGE_ZERO + "))";

    static final String NOT_BOTH_NON_ZERO = PAIR_IGNORED
            + " || !(has(" + SURGE + ") && " + SURGE_POSITIVE
            + " && (!has(" + UNAVAILABLE + ") || " + UNAVAILABLE_POSITIVE + "))";

    private IntOrPercentRules() {}
}
