package dev.daemonset.operator.sandbox.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-thread work queue of keys (like client-go's workqueue): a key queued several times before it
 * runs runs once; a failing key is retried a few times with a growing delay.
 */
final class KeyedWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedWorker.class);
    private static final int MAX_RETRIES = 5;

    private final String name;
    private final Consumer<String> handler;
    private final ScheduledExecutorService executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    KeyedWorker(String name, Consumer<String> handler) {
        this.name = name;
        this.handler = handler;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    void enqueue(String key) {
        if (pending.add(key)) {
            try {
                executor.execute(() -> run(key));
            } catch (RejectedExecutionException e) {
                pending.remove(key);
            }
        }
    }

    void enqueueAfter(String key, Duration delay) {
        try {
            executor.schedule(() -> enqueue(key), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void run(String key) {
        pending.remove(key);
        try {
            handler.accept(key);
            failures.remove(key);
        } catch (RuntimeException e) {
            int n = failures.merge(key, 1, Integer::sum);
            if (n <= MAX_RETRIES) {
                LOG.debug("{}: {} failed ({}), retrying", name, key, e.toString());
                enqueueAfter(key, Duration.ofMillis(100L << n));
            } else {
                failures.remove(key);
                LOG.warn("{}: giving up on {}: {}", name, key, e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
