package dev.daemonset.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketAndCombinedRateLimiterTest {
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void bucketLetsABurstThroughThenSpacesCallsAtQps() {
        var bucket = new TokenBucketRateLimiter<String>(10, 3, ticker);

        assertThat(List.of(bucket.when("a"), bucket.when("b"), bucket.when("c"), bucket.when("d"), bucket.when("e")))
                .containsExactly(
                        Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void bucketRefillsWithTimeButNotBeyondBurst() {
        var bucket = new TokenBucketRateLimiter<String>(10, 2, ticker);
        bucket.when("a");
        bucket.when("a");
        bucket.when("a"); // one token in debt

        ticker.advance(Duration.ofSeconds(10)); // would be 99 tokens without the cap

        assertThat(List.of(bucket.when("a"), bucket.when("a"), bucket.when("a")))
                .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));
    }

    @Test
    void maxOfTakesTheWorstAnswerAndForgetsEverywhere() {
        var combined = new MaxOfRateLimiter<String>(List.of(
                new ExponentialBackoffRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1)),
                new TokenBucketRateLimiter<>(10, 1, ticker)));

        assertThat(combined.when("a")).isEqualTo(Duration.ofMillis(5)); // bucket had a token
        assertThat(combined.when("a")).isEqualTo(Duration.ofMillis(100)); // bucket in debt beats 10 ms
        assertThat(combined.numRequeues("a")).isEqualTo(2);

        combined.forget("a");
        ticker.advance(Duration.ofSeconds(1));

        assertThat(combined.numRequeues("a")).isZero();
        assertThat(combined.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void defaultControllerLimiterIsPerKeyBackoffUnderA10QpsBurst100Bucket() {
        RateLimiter<String> limiter = RateLimiter.defaultControllerRateLimiter(ticker);

        for (int i = 0; i < 100; i++) {
            assertThat(limiter.when("k" + i)).as("first failure of k%d", i).isEqualTo(Duration.ofMillis(5));
        }
        assertThat(limiter.when("k100")).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.numRequeues("k0")).isEqualTo(1);
    }
}
