package dev.daemonset.operator.sandbox;

import dev.daemonset.operator.cli.rollout.GoDuration;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses durations the way users type them: {@code 200ms}, {@code 1s}, {@code 2m}, {@code 1h}, {@code 1m30s}, or ISO-8601 {@code PT1S}.
 * The unit form is a subset of Go's, so {@link GoDuration} computes it; this class only decides what the sandbox accepts.
 */
public final class Durations {
    /** Narrower than Go's: only ms, s, m and h, no sign, and digits on both sides of a decimal point. */
    private static final Pattern UNITS = Pattern.compile("0|(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.trim();
        if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "': " + e.getMessage(), e);
            }
        }
        if (!UNITS.matcher(s).matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 200ms, 1s, 2m, 1h or PT1S)");
        }
        return GoDuration.parse(s);
    }
}
