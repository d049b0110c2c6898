package dev.daemonset.operator.cli.describe;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Ages as kubectl prints them (apimachinery's HumanDuration): 45s, 3m20s, 5h, 3d4h, 2y10d. */
final class Ages {
    private Ages() {}

    /** The age of an RFC 3339 timestamp; {@code <unknown>} when it is missing or unreadable. */
    static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isBlank()) {
            return "<unknown>";
        }
        try {
            return format(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
        } catch (java.time.format.DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String format(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
