package dev.daemonset.operator.cli.rollout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way kubectl's {@code --timeout} flag spells them (Go's time.ParseDuration):
 * {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 1.5h}, {@code 250ms}, or a bare {@code 0}.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "µs",
            1_000L,
            "μs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);

    private GoDuration() {}

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String s = text.trim();
        if (s.startsWith("-")) {
            throw invalid(text, "it must not be negative");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            m.region(at, s.length());
            if (!m.lookingAt()) {
                throw invalid(text, "use a number with a unit (ns, us, ms, s, m, h)");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        // Go drops fractions of a nanosecond; only overflow is an error
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text, "it is too long");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException(
                "invalid duration \"" + text + "\": " + why + ", e.g. 30s, 2m, 1h30m, or 0 to wait forever");
    }
}
