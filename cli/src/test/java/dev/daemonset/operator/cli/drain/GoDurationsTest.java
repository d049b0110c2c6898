package dev.daemonset.operator.cli.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.cli.rollout.GoDuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0,0s",
        "7s,7s",
        "90s,1m30s",
        "1h,1h0m0s",
        "1h30m5s,1h30m5s",
        "1.5s,1.5s",
        "250ms,250ms",
        "1500us,1.5ms",
        "2us,2µs",
        "10ns,10ns"
    })
    void printedAsGoPrintsThem(String flag, String printed) {
        assertThat(GoDurations.format(GoDuration.parse(flag))).isEqualTo(printed);
    }
}
