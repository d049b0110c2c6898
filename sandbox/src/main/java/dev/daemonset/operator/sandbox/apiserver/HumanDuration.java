package dev.daemonset.operator.sandbox.apiserver;

import java.time.Duration;
import java.time.Instant;

/** Ages the way kubectl prints them: 5s, 3m20s, 2h, 4d3h. */
public final class HumanDuration {
    private HumanDuration() {}

    public static String since(Instant then, Instant now) {
        return then == null ? "<unknown>" : format(Duration.between(then, now));
    }

    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        long years = hours / 24 / 365;
        long days = (hours / 24) % 365;
        return hours < 24 * 365 * 8 && days != 0 ? years + "y" + days + "d" : years + "y";
    }
}
