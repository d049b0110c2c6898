package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void medianMinAndMaxOfUnorderedSamples() {
        Samples samples = new Samples(new long[] {4_870_000_000L, 3_912_500_000L, 6_044_000_000L});

        assertThat(samples.median()).isEqualTo(Duration.ofNanos(4_870_000_000L));
        assertThat(samples.min()).isEqualTo(Duration.ofNanos(3_912_500_000L));
        assertThat(samples.max()).isEqualTo(Duration.ofNanos(6_044_000_000L));
    }

    @Test
    void oneSlowSampleDoesNotMoveTheMedian() {
        Samples samples = new Samples(new long[] {9_900_000, 10_100_000, 95_000_000, 9_700_000, 10_300_000});

        assertThat(samples.median()).isEqualTo(Duration.ofNanos(10_100_000));
        assertThat(samples.max()).isEqualTo(Duration.ofNanos(95_000_000));
    }

    @Test
    void ofAnEvenNumberTheMedianIsTheUpperMiddleSample() {
        Samples samples = new Samples(new long[] {40, 10, 30, 20});

        assertThat(samples.median()).isEqualTo(Duration.ofNanos(30));
    }

    @Test
    void doesNotSortTheCallersArray() {
        long[] nanos = {3, 1, 2};

        new Samples(nanos).median();

        assertThat(nanos).containsExactly(3, 1, 2);
    }

    @Test
    void refusesNoSamples() {
        assertThatThrownBy(() -> new Samples(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
