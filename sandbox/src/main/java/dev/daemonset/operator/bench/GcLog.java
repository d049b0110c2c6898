package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's {@code -Xlog:gc} output: each collection logs the heap in use before and after it
 * ("[2.345s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 120M->31M(358M) 4.1ms"). The
 * heap in use just before a collection is the most it held since the previous one.
 */
final class GcLog {
    private static final Pattern COLLECTION = Pattern.compile(
            "^\\[(\\d+(?:\\.\\d+)?)s].*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)", Pattern.MULTILINE);

    private GcLog() {}

    /** The most heap in use before any collection that started within {@code upTo} of the JVM's start; 0 if none. */
    static long peakBefore(String log, Duration upTo) {
        long peak = 0;
        Matcher m = COLLECTION.matcher(log);
        while (m.find()) {
            double seconds = Double.parseDouble(m.group(1));
            if (seconds * 1000 <= upTo.toMillis()) {
                peak = Math.max(peak, bytes(m.group(2), m.group(3)));
            }
        }
        return peak;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            default -> n * 1024 * 1024 * 1024;
        };
    }
}
