package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElapsedTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0.999S, 0 s",
        "PT45S,    45 s",
        "PT59.9S,  59 s",
        "PT1M,     1m00s",
        "PT10M5S,  10m05s",
        "PT3H4M,   3h04m",
        "PT-5S,    0 s"
    })
    void readsAsPeopleWriteIt(Duration d, String expected) {
        assertThat(Elapsed.format(d)).isEqualTo(expected);
    }
}
