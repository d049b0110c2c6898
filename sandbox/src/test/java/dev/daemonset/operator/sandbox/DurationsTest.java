package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "1s,1000",
        "200ms,200",
        "2m,120000",
        "1h,3600000",
        "1m30s,90000",
        "1.5s,1500",
        "0,0",
        "PT1S,1000",
        "PT0.25S,250",
        "pt2m,120000"
    })
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "1", "1x", "s", "1s2", "-1s", "P1X", "+1s", "5ns", "100us", ".5s", "1.s"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
