package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawFloorTest {
    @Test
    void parallelismsAreThePowersOfTwoFromAQuarterToTwiceTheOperatorsOwn() {
        assertThat(RawFloor.parallelisms(16)).containsExactly(4, 8, 16, 32);
    }

    @Test
    void anOperatorParallelismThatIsNoPowerOfTwoIsTriedWithTwiceIt() {
        assertThat(RawFloor.parallelisms(12)).containsExactly(2, 4, 8, 12, 16, 24);
        assertThat(RawFloor.parallelisms(1)).containsExactly(1, 2);
    }

    @Test
    void refusesNoParallelism() {
        assertThatThrownBy(() -> RawFloor.parallelisms(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFastestTimeWinsWhereverItsParallelismIs() {
        Map<Integer, Duration> times = new LinkedHashMap<>();
        times.put(1, Duration.ofMillis(6_120));
        times.put(2, Duration.ofMillis(4_410));
        times.put(4, Duration.ofMillis(3_702));
        times.put(8, Duration.ofMillis(3_655));
        times.put(16, Duration.ofMillis(3_793));
        times.put(32, Duration.ofMillis(3_980));

        assertThat(RawFloor.fastest(times)).isEqualTo(new RawFloor(8, Duration.ofMillis(3_655)));
    }

    @Test
    void ofEqualTimesTheLowerParallelismIsTaken() {
        Map<Integer, Duration> times = new LinkedHashMap<>();
        times.put(32, Duration.ofMillis(3_700));
        times.put(16, Duration.ofMillis(3_700));
        times.put(4, Duration.ofMillis(3_900));

        assertThat(RawFloor.fastest(times)).isEqualTo(new RawFloor(16, Duration.ofMillis(3_700)));
    }

    @Test
    void refusesNoTimes() {
        assertThatThrownBy(() -> RawFloor.fastest(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
