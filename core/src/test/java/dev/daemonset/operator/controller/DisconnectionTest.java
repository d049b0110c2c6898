package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DisconnectionTest {
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Disconnection disconnection = new Disconnection(watching::get, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void downFromTheStartUntilTheFirstWatchThenFromTheFirstSampleThatSeesItGone() {
        advance(Duration.ofSeconds(45));
        assertThat(disconnection.sample()).as("start-up waits").isEqualTo(Duration.ofSeconds(45));

        watching.set(true);
        assertThat(disconnection.sample()).isZero();
        advance(Duration.ofMinutes(10));
        assertThat(disconnection.sample()).isZero();

        watching.set(false);
        advance(Duration.ofSeconds(1));
        assertThat(disconnection.sample()).as("first seen now").isZero();
        advance(Duration.ofSeconds(90));
        assertThat(disconnection.sample()).isEqualTo(Duration.ofSeconds(90));

        watching.set(true);
        assertThat(disconnection.sample()).isZero();
        watching.set(false);
        assertThat(disconnection.sample()).isZero();
        advance(Duration.ofSeconds(3));
        assertThat(disconnection.sample())
                .as("a new outage counts from its own start")
                .isEqualTo(Duration.ofSeconds(3));
    }
}
