package dev.daemonset.operator.plan;

import java.util.regex.Pattern;

/**
 * The label key/value syntax rules that upstream {@code labels.NewRequirement} enforces on node affinity
 * match expressions, and Go's {@code strconv.ParseInt(s, 10, 64)} for Gt/Lt. A requirement that breaks them
 * makes its whole term invalid (and an invalid term matches no node).
 */
final class LabelSyntax {
    private static final int NAME_MAX = 63;
    private static final int PREFIX_MAX = 253;
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSyntax() {}

    /** Why {@code key} is not a valid label key (qualified name), or null when it is. */
    static String labelKeyProblem(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            if (key.indexOf('/', slash + 1) >= 0) {
                return "label key \"" + key + "\" has more than one '/'";
            }
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                return "label key \"" + key + "\" has an empty prefix";
            }
            if (prefix.length() > PREFIX_MAX
                    || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                return "label key \"" + key + "\" has an invalid prefix (must be a DNS subdomain)";
            }
        }
        if (name.isEmpty()) {
            return "label key \"" + key + "\" has an empty name";
        }
        if (name.length() > NAME_MAX || !NAME.matcher(name).matches()) {
            return "label key \"" + key + "\" is invalid (at most 63 alphanumerics, '-', '_' or '.', "
                    + "starting and ending with an alphanumeric)";
        }
        return null;
    }

    /** Why {@code value} is not a valid label value, or null when it is. The empty string is valid. */
    static String labelValueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > NAME_MAX || !NAME.matcher(value).matches()) {
            return "label value \"" + value + "\" is invalid (at most 63 alphanumerics, '-', '_' or '.', "
                    + "starting and ending with an alphanumeric)";
        }
        return null;
    }

    /**
     * True when Go's {@code strconv.ParseInt(s, 10, 64)} accepts {@code s}: an optional sign, then ASCII digits
     * only, within the int64 range. (Java's {@code Long.parseLong} also takes non-ASCII digits, so check first.)
     */
    static boolean isInt64(String s) {
        int n = s.length();
        int start = 0;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            start = 1;
        }
        if (start == n) {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (n - start < 19) {
            return true; // at most 18 digits always fits
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException overflow) {
            return false;
        }
    }
}
