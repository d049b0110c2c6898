package dev.daemonset.operator.controller;

import java.time.Duration;

/** A duration as people read it in a log line or a probe answer: "45 s", "12m05s", "3h04m". */
public final class Elapsed {
    private Elapsed() {}

    public static String format(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
