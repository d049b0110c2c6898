package dev.daemonset.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExponentialBackoffRateLimiterTest {

    @ParameterizedTest(name = "base {0} ms, max {1} ms -> {2}")
    @CsvSource({
        "5, 1000000, '5,10,20,40,80,160,320,640,1280,2560'",
        "5, 30, '5,10,20,30,30,30'",
        "1, 1, '1,1,1'",
        "100, 250, '100,200,250'",
    })
    void doublesPerFailureUpToTheCap(long baseMs, long maxMs, String expectedMs) {
        var limiter = new ExponentialBackoffRateLimiter<String>(Duration.ofMillis(baseMs), Duration.ofMillis(maxMs));
        List<Duration> expected = Arrays.stream(expectedMs.split(","))
                .map(s -> Duration.ofMillis(Long.parseLong(s)))
                .toList();

        List<Duration> actual = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            actual.add(limiter.when("a"));
        }

        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(limiter.numRequeues("a")).isEqualTo(expected.size());
    }

    @Test
    void defaultsAreFiveMillisDoubling() {
        var limiter = new ExponentialBackoffRateLimiter<String>();

        assertThat(List.of(limiter.when("a"), limiter.when("a"), limiter.when("a")))
                .containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void forgetStartsTheKeyOver() {
        var limiter = new ExponentialBackoffRateLimiter<String>();
        limiter.when("a");
        limiter.when("a");
        limiter.when("a");
        assertThat(limiter.numRequeues("a")).isEqualTo(3);

        limiter.forget("a");

        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void keysBackOffIndependently() {
        var limiter = new ExponentialBackoffRateLimiter<String>();
        limiter.when("a");
        limiter.when("a");

        assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.numRequeues("a")).isEqualTo(2);
        assertThat(limiter.numRequeues("b")).isEqualTo(1);
    }

    @Test
    void manyFailuresStayAtTheCapWithoutOverflowing() {
        var limiter = new ExponentialBackoffRateLimiter<String>();
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 500; i++) {
            Duration d = limiter.when("a");
            assertThat(d).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofSeconds(1000));
            previous = d;
        }
        assertThat(previous).isEqualTo(Duration.ofSeconds(1000));
    }

    @ParameterizedTest(name = "base {0} ms, max {1} ms")
    @CsvSource({"0, 10", "-1, 10", "10, 5"})
    void rejectsNonsenseBounds(long baseMs, long maxMs) {
        assertThatThrownBy(() ->
                        new ExponentialBackoffRateLimiter<String>(Duration.ofMillis(baseMs), Duration.ofMillis(maxMs)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
