package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.List;

/** Decides how long a key must wait before it is retried. Implementations are thread-safe. */
public interface RateLimiter<K> {
    /** Records one more failure of {@code key} and returns how long to wait before retrying it. */
    Duration when(K key);

    /** Stops tracking {@code key}, e.g. after it was processed successfully. */
    void forget(K key);

    /** How many times {@code key} has been retried since it was last forgotten. */
    int numRequeues(K key);

    /**
     * Per-key exponential backoff (5 ms doubling to 1000 s) combined with an overall 10 qps / burst 100
     * token bucket, like client-go's {@code DefaultControllerRateLimiter}. The bucket only slows retries
     * down when many keys fail at once.
     */
    static <K> RateLimiter<K> defaultControllerRateLimiter() {
        return defaultControllerRateLimiter(Ticker.system());
    }

    static <K> RateLimiter<K> defaultControllerRateLimiter(Ticker ticker) {
        return new MaxOfRateLimiter<>(List.of(
                new ExponentialBackoffRateLimiter<>(),
                new TokenBucketRateLimiter<>(
                        TokenBucketRateLimiter.DEFAULT_QPS, TokenBucketRateLimiter.DEFAULT_BURST, ticker)));
    }
}
