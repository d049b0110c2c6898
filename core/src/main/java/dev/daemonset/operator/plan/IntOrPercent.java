package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Resolves int-or-percent fields against a total, rounding up as apps/v1 does for DaemonSets. */
public final class IntOrPercent {
    private IntOrPercent() {}

    public static int scaledRoundUp(IntOrString value, int total) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null) {
            return 0;
        }
        Integer percent = parsePercent(s);
        if (percent == null) {
            throw new IllegalArgumentException("invalid value for IntOrString: " + s);
        }
        return (int) Math.ceil(percent * (double) total / 100.0);
    }

    /** The number in "N%", or null if the text is not a non-negative integer percentage. */
    public static Integer parsePercent(String s) {
        if (!s.endsWith("%") || s.length() < 2) {
            return null;
        }
        String digits = s.substring(0, s.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return null;
            }
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
