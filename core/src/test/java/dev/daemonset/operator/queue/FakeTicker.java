package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time that only moves when a test says so. */
final class FakeTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }
}
