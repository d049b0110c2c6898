package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Waits {@code base * 2^failures} for a key, capped at {@code max}. */
public final class ExponentialBackoffRateLimiter<K> implements RateLimiter<K> {
    public static final Duration DEFAULT_BASE = Duration.ofMillis(5);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(1000);

    private final Duration base;
    private final Duration max;
    private final Map<K, Integer> failures = new HashMap<>();

    public ExponentialBackoffRateLimiter() {
        this(DEFAULT_BASE, DEFAULT_MAX);
    }

    public ExponentialBackoffRateLimiter(Duration base, Duration max) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base=" + base + " max=" + max);
        }
        this.base = base;
        this.max = max;
    }

    @Override
    public synchronized Duration when(K key) {
        int exp = failures.merge(key, 1, Integer::sum) - 1;
        return backoff(exp);
    }

    private Duration backoff(int exp) {
        // Doubling step by step instead of multiplying by 2^exp keeps us clear of overflow for any exp.
        Duration d = base;
        for (int i = 0; i < exp && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    @Override
    public synchronized void forget(K key) {
        failures.remove(key);
    }

    @Override
    public synchronized int numRequeues(K key) {
        return failures.getOrDefault(key, 0);
    }
}
