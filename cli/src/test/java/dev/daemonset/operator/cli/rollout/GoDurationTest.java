package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, PT0S",
        "30s, PT30S",
        "2m, PT2M",
        "1h30m, PT1H30M",
        "1.5h, PT1H30M",
        "250ms, PT0.25S",
        "1m0.5s, PT1M0.5S",
        "+5s, PT5S",
        "100us, PT0.0001S",
        "7ns, PT0.000000007S",
        "0s, PT0S"
    })
    void parsesKubectlTimeouts(String text, Duration expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "abc", "5 s", "1d", "s", "PT30S", "1h-5m"})
    void rejectsWhatKubectlRejectsWithAnExample(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration \"" + text + "\"")
                .hasMessageContaining("e.g. 30s, 2m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "-0"})
    void rejectsNegativeTimeouts(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessageContaining("must not be negative");
    }
}
