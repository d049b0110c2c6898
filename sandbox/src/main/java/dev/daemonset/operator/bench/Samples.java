package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.Arrays;

/** Repeated timings, in nanoseconds: the benchmark reports their median, which one slow sample cannot move. */
final class Samples {
    private final long[] sorted;

    Samples(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    Duration median() {
        return Duration.ofNanos(sorted[sorted.length / 2]);
    }

    Duration min() {
        return Duration.ofNanos(sorted[0]);
    }

    Duration max() {
        return Duration.ofNanos(sorted[sorted.length - 1]);
    }
}
