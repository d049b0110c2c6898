package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.List;

/** Asks every limiter and obeys the most cautious answer. */
public final class MaxOfRateLimiter<K> implements RateLimiter<K> {
    private final List<RateLimiter<K>> limiters;

    public MaxOfRateLimiter(List<RateLimiter<K>> limiters) {
        if (limiters.isEmpty()) {
            throw new IllegalArgumentException("need at least one limiter");
        }
        this.limiters = List.copyOf(limiters);
    }

    @Override
    public Duration when(K key) {
        Duration worst = Duration.ZERO;
        // Every limiter must see the call (each one counts failures or takes a token), so no short-circuit.
        for (RateLimiter<K> limiter : limiters) {
            Duration d = limiter.when(key);
            if (d.compareTo(worst) > 0) {
                worst = d;
            }
        }
        return worst;
    }

    @Override
    public void forget(K key) {
        limiters.forEach(l -> l.forget(key));
    }

    @Override
    public int numRequeues(K key) {
        return limiters.stream().mapToInt(l -> l.numRequeues(key)).max().orElse(0);
    }
}
