package dev.daemonset.operator.bench;

import dev.daemonset.operator.controller.DaemonSetKey;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.metrics.NoMetrics;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Times single syncs through the operator's own duration hook: the time of one pass of the
 * reconciler over one DaemonSet, from reading the caches to the last write it decided on.
 */
final class SyncTimes extends NoMetrics {
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);

    private final BlockingQueue<Duration> samples = new LinkedBlockingQueue<>();
    private volatile String watched;

    /**
     * The median of {@code runs} syncs of {@code key} queued one at a time, after {@code warmup}
     * untimed ones (so the JIT has compiled the path). Call it when the operator is idle.
     */
    Duration median(Operator operator, DaemonSetKey key, int warmup, int runs) throws InterruptedException {
        watched = key.name();
        try {
            for (int i = 0; i < warmup; i++) {
                once(operator, key);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                nanos[i] = once(operator, key).toNanos();
            }
            return new Samples(nanos).median();
        } finally {
            watched = null;
        }
    }

    private Duration once(Operator operator, DaemonSetKey key) throws InterruptedException {
        samples.clear();
        operator.resync(key);
        Duration took = samples.poll(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (took == null) {
            throw new IllegalStateException("no sync of " + key + " within " + SAMPLE_TIMEOUT);
        }
        return took;
    }

    @Override
    public void reconciled(String namespace, String name, Duration took, boolean failed) {
        if (name.equals(watched)) {
            samples.offer(took);
        }
    }
}
