package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * An overall token bucket shared by all keys. Like {@code rate.Limiter.Reserve()} in Go, every call
 * takes a token even when none is left and returns how long until that token exists, so a burst of
 * failures is spread out at {@code qps}.
 */
public final class TokenBucketRateLimiter<K> implements RateLimiter<K> {
    public static final double DEFAULT_QPS = 10;
    public static final int DEFAULT_BURST = 100;
    private static final double NANOS_PER_SECOND = 1e9;

    private final double qps;
    private final int burst;
    private final Ticker ticker;
    private double tokens;
    private long last;

    public TokenBucketRateLimiter(double qps, int burst) {
        this(qps, burst, Ticker.system());
    }

    public TokenBucketRateLimiter(double qps, int burst, Ticker ticker) {
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("need qps > 0 and burst >= 1, got qps=" + qps + " burst=" + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.tokens = burst;
        this.last = ticker.nanos();
    }

    @Override
    public synchronized Duration when(K key) {
        long now = ticker.nanos();
        tokens = Math.min(burst, tokens + (now - last) / NANOS_PER_SECOND * qps);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(-tokens / qps * NANOS_PER_SECOND));
    }

    @Override
    public void forget(K key) {}

    @Override
    public int numRequeues(K key) {
        return 0;
    }
}
