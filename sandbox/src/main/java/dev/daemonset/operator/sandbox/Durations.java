package dev.daemonset.operator.sandbox;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way users type them: {@code 200ms}, {@code 1s}, {@code 2m}, {@code 1h}, {@code 1m30s}, or ISO-8601 {@code PT1S}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.trim();
    if (s.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid duration '" + text + "': " + e.getMessage(), e);
      }
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double value = Double.parseDouble(m.group(1));
      long nanos = switch (m.group(2)) {
        case "ms" -> Math.round(value * 1_000_000L);
        case "s" -> Math.round(value * 1_000_000_000L);
        case "m" -> Math.round(value * 60_000_000_000L);
        default -> Math.round(value * 3_600_000_000_000L);
      };
      total = total.plusNanos(nanos);
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 200ms, 1s, 2m, 1h or PT1S)");
    }
    return total;
  }
}
