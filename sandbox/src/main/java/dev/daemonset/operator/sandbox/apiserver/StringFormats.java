package dev.daemonset.operator.sandbox.apiserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The string {@code format}s the API server checks in custom resources. Numeric formats (int32, int64,
 * float, double) are not checked for custom resources, nor is any format it does not know; a CRD's
 * int32 field therefore takes 3000000000 unless the schema also sets {@code maximum}.
 */
final class StringFormats {
    private static final Pattern UUID =
            Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID3 =
            Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID4 =
            Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern UUID5 =
            Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");
    private static final Pattern MAC = Pattern.compile("(?i)^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern DURATION = Pattern.compile(
            "^(-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*(ns|us|µs|ms|s|m|h|d|w|seconds?|minutes?|hours?|days?|weeks?))+$");

    private static final Map<String, Predicate<String>> CHECKS = Map.ofEntries(
            Map.entry("date-time", StringFormats::isDateTime),
            Map.entry("datetime", StringFormats::isDateTime),
            Map.entry("date", StringFormats::isDate),
            Map.entry("byte", StringFormats::isBase64),
            Map.entry("uuid", s -> UUID.matcher(s).matches()),
            Map.entry("uuid3", s -> UUID3.matcher(s).matches()),
            Map.entry("uuid4", s -> UUID4.matcher(s).matches()),
            Map.entry("uuid5", s -> UUID5.matcher(s).matches()),
            Map.entry("hostname", s -> HOSTNAME.matcher(s).matches()),
            Map.entry("ipv4", s -> IPV4.matcher(s).matches()),
            Map.entry("ipv6", StringFormats::isIpv6),
            Map.entry("cidr", StringFormats::isCidr),
            Map.entry("mac", s -> MAC.matcher(s).matches()),
            Map.entry("email", s -> EMAIL.matcher(s).matches()),
            Map.entry("uri", StringFormats::isUri),
            Map.entry("duration", s -> DURATION.matcher(s.trim()).matches()));

    private StringFormats() {}

    /** True when the API server would accept {@code value} for {@code format} (always, for a format it does not check). */
    static boolean accepts(String format, String value) {
        Predicate<String> check = format == null ? null : CHECKS.get(format);
        return check == null || check.test(value);
    }

    private static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isBase64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isIpv6(String s) {
        return s.contains(":") && s.matches("^[0-9a-fA-F:.]+$") && parsesAsAddress(s);
    }

    private static boolean isCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String address = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (!bits.matches("^[0-9]{1,3}$")) {
            return false;
        }
        int prefix = Integer.parseInt(bits);
        if (IPV4.matcher(address).matches()) {
            return prefix <= 32;
        }
        return isIpv6(address) && prefix <= 128;
    }

    private static boolean parsesAsAddress(String s) {
        // only hex digits, colons and dots reach here, which getByName parses as a literal (no lookup)
        try {
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isUri(String s) {
        try {
            new URI(s);
            return !s.isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
