package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.Arrays;

/** Repeated timings, in nanoseconds: the benchmark reports their median, which one slow sample cannot move. */
final class Samples {
    private final long[] sorted;

    Samples(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** The middle sample; of an even number, the upper of the two middle ones, so that it is a sample taken. */
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
