package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.Arrays;

/** Repeated timings, in nanoseconds: the benchmark reports their median, which one slow sample cannot move. */
final class Samples {
    private final long[] given;
    private final long[] sorted;

    Samples(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        given = nanos.clone();
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

    /**
     * The position, in the order given, of the sample {@link #median()} returns (the first of equal ones): what
     * was counted alongside each timing (writes, syncs) can then be reported for the same repetition.
     */
    int medianIndex() {
        long median = sorted[sorted.length / 2];
        for (int i = 0; i < given.length; i++) {
            if (given[i] == median) {
                return i;
            }
        }
        throw new AssertionError("the median is one of the samples");
    }
}
