package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that take keys from a {@link WorkQueue} and pass them to a {@link KeyHandler}.
 *
 * <p>Success forgets the key's backoff (and re-adds it after the delay the handler returned, if any);
 * a thrown exception is logged and the key is re-added with backoff. Either way the key is released
 * with {@link WorkQueue#done}, and the thread goes on to the next key.
 *
 * <p>For a liveness check, {@link #busy} tells which key each worker holds and for how long, and
 * {@link #deadThreads} which workers ended while their queue still runs (a {@link VirtualMachineError}
 * is the one failure a worker does not survive).
 */
public final class Workers<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    public static final String THREAD_PREFIX = "dds-worker-";

    private final WorkQueue<K> queue;
    private final KeyHandler<K> handler;
    private final Ticker ticker;
    private final List<Thread> threads = new ArrayList<>();
    /** What worker {@code i} holds now, or null while it waits for a key. */
    private final AtomicReferenceArray<Held<K>> held;

    private record Held<K>(K key, long since) {}

    /** A key a worker is processing, and how long it has been at it. */
    public record Busy<K>(String thread, K key, Duration running) {}

    private Workers(WorkQueue<K> queue, KeyHandler<K> handler, Ticker ticker, int count) {
        this.queue = queue;
        this.handler = handler;
        this.ticker = ticker;
        this.held = new AtomicReferenceArray<>(count);
    }

    /** Starts {@code count} daemon threads named {@code dds-worker-1} .. {@code dds-worker-count}. */
    public static <K> Workers<K> start(WorkQueue<K> queue, int count, KeyHandler<K> handler) {
        return start(queue, count, handler, Ticker.system());
    }

    /** As {@link #start(WorkQueue, int, KeyHandler)}, timing each key on {@code ticker}. */
    public static <K> Workers<K> start(WorkQueue<K> queue, int count, KeyHandler<K> handler, Ticker ticker) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(ticker, "ticker");
        if (count < 1) {
            throw new IllegalArgumentException("need at least one worker, got " + count);
        }
        Workers<K> workers = new Workers<>(queue, handler, ticker, count);
        for (int i = 1; i <= count; i++) {
            int slot = i - 1;
            Thread t = new Thread(() -> workers.run(slot), THREAD_PREFIX + i);
            // Daemon so a forgotten close() cannot keep the JVM alive; close() is what stops them cleanly.
            t.setDaemon(true);
            workers.threads.add(t);
        }
        workers.threads.forEach(Thread::start);
        return workers;
    }

    private void run(int slot) {
        log.debug("Worker started on queue {}", queue.name());
        while (true) {
            K key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                if (queue.isShutDown()) {
                    break;
                }
                // Only close() is meant to interrupt us; a stray interrupt must not cost the pool a worker.
                log.warn("Worker interrupted while queue {} is running; carrying on", queue.name());
                continue;
            }
            if (key == null) {
                break;
            }
            held.set(slot, new Held<>(key, ticker.nanos()));
            try {
                processOne(key);
            } finally {
                held.set(slot, null);
            }
        }
        log.debug("Worker stopped on queue {}", queue.name());
    }

    private void processOne(K key) {
        try {
            Duration requeueAfter = handler.process(key);
            queue.forget(key);
            if (requeueAfter != null) {
                queue.addAfter(key, requeueAfter);
            }
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
            if (queue.isShutDown()) {
                log.info("Processing {} failed while queue {} shuts down; not retrying", key, queue.name(), e);
            } else {
                queue.addRateLimited(key);
                log.warn(
                        "Processing {} failed (queue {}, retry {}); will retry with backoff",
                        key,
                        queue.name(),
                        queue.numRequeues(key),
                        e);
            }
        } finally {
            queue.done(key);
        }
    }

    /** How many worker threads are still running. */
    public int aliveCount() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    /** Every key a worker holds right now, with how long it has held it, in worker order. */
    public List<Busy<K>> busy() {
        long now = ticker.nanos();
        List<Busy<K>> out = new ArrayList<>();
        for (int i = 0; i < held.length(); i++) {
            Held<K> h = held.get(i);
            if (h != null) {
                out.add(new Busy<>(threads.get(i).getName(), h.key(), Duration.ofNanos(now - h.since())));
            }
        }
        return out;
    }

    /** The keys a worker has held for {@code limit} or longer: a liveness check calls these stuck. */
    public List<Busy<K>> busyFor(Duration limit) {
        return busy().stream().filter(b -> b.running().compareTo(limit) >= 0).toList();
    }

    /**
     * The workers that have ended although their queue was not shut down: each died of an error it could
     * not survive, and the queue is served by fewer threads from then on.
     */
    public List<String> deadThreads() {
        if (queue.isShutDown()) {
            return List.of();
        }
        return threads.stream().filter(t -> !t.isAlive()).map(Thread::getName).toList();
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Shuts the queue down and waits for the workers to finish their current key. Workers still busy
     * after {@code timeout} are interrupted.
     *
     * @return whether every worker ended within {@code timeout}
     */
    public boolean close(Duration timeout) {
        queue.shutDown();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(0, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
        stuck.forEach(t -> {
            log.warn("Worker {} did not stop within {}; interrupting it", t.getName(), timeout);
            t.interrupt();
        });
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck.isEmpty();
    }
}
