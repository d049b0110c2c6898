package dev.daemonset.operator.cli.drain;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as Go prints them ({@code time.Duration.String}) in kubectl's messages: 90s is {@code 1m30s}. */
final class GoDurations {
    private GoDurations() {}

    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
        if (hours == 0 && minutes == 0 && d.getSeconds() == 0) {
            return subSecond(d.toNanosPart());
        }
        StringBuilder s = new StringBuilder();
        if (hours > 0) {
            s.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            s.append(minutes).append('m');
        }
        return s.append(seconds.stripTrailingZeros().toPlainString())
                .append('s')
                .toString();
    }

    private static String subSecond(long nanos) {
        if (nanos >= 1_000_000) {
            return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
        }
        if (nanos >= 1_000) {
            return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "µs";
        }
        return nanos + "ns";
    }
}
