package dev.daemonset.operator.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue of keys to reconcile, with client-go's workqueue semantics:
 *
 * <ul>
 *   <li>a key added again before a worker takes it is handed out once ({@code dirty} set);
 *   <li>a key is never held by two workers: one added while being processed is handed out again only
 *       after {@link #done} ({@code processing} set);
 *   <li>distinct keys are served in FIFO order, so a key that keeps coming back cannot starve others;
 *   <li>{@link #addAfter} and {@link #addRateLimited} park a key on one timer thread until it is due.
 * </ul>
 *
 * <p>Which key is handed out when is {@link KeyStates}; delayed keys wait in {@link DelayedKeys}.
 *
 * <p>A plain {@link #add} does not cancel a pending delayed add of the same key (as in client-go):
 * the key is processed now and once more when the delay runs out.
 *
 * <p>{@link #shutDown} is immediate: pending keys are dropped and {@link #get} returns {@code null}.
 * {@link #shutDownWithDrain} lets workers finish what is queued first.
 */
public final class WorkQueue<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    // Insurance against a lost wake-up, as client-go's heartbeat: the timer thread never sleeps longer.
    private static final long MAX_TIMER_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final RateLimiter<K> rateLimiter;
    private final QueueMetrics<K> metrics;
    private final Ticker ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition keyReady = lock.newCondition();
    private final Condition delayedChanged = lock.newCondition();
    private final Condition idle = lock.newCondition();

    private final KeyStates<K> keys;
    private final DelayedKeys<K> delayed = new DelayedKeys<>();
    /** No more adds; set by both kinds of shutdown. */
    private boolean closing;
    /** {@link #get} returns null; set once a shutdown (after any drain) is complete. */
    private boolean stopped;

    private final Thread timer;

    public WorkQueue(String name) {
        this(name, RateLimiter.defaultControllerRateLimiter(), QueueMetrics.noop());
    }

    public WorkQueue(String name, RateLimiter<K> rateLimiter, QueueMetrics<K> metrics) {
        this(name, rateLimiter, metrics, Ticker.system());
    }

    public WorkQueue(String name, RateLimiter<K> rateLimiter, QueueMetrics<K> metrics, Ticker ticker) {
        this.name = Objects.requireNonNull(name, "name");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.keys = new KeyStates<>(metrics, ticker);
        this.timer = new Thread(this::runTimer, name + "-delay");
        timer.setDaemon(true);
        timer.start();
    }

    public String name() {
        return name;
    }

    /** Makes {@code key} ready now (or, if a worker holds it, as soon as that worker is done). */
    public void add(K key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            if (closing) {
                return;
            }
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(K key) {
        if (keys.add(key)) {
            keyReady.signal();
        }
    }

    /**
     * Adds {@code key} once {@code delay} has passed. If the key is already waiting for a later time it
     * now comes back at this earlier time; an earlier pending time is kept.
     */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        long nanos = DelayedKeys.nanosOf(delay);
        lock.lock();
        try {
            if (closing) {
                return;
            }
            metrics.retried(key);
            if (nanos <= 0) {
                addLocked(key);
                return;
            }
            delayed.offer(key, ticker.nanos() + nanos);
            delayedChanged.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code key} after the backoff its rate limiter assigns to one more failure. */
    public void addRateLimited(K key) {
        if (isShutDown()) {
            return; // do not count a failure we will never retry
        }
        addAfter(key, rateLimiter.when(key));
    }

    /** Resets the backoff of {@code key}; call after it was processed successfully. */
    public void forget(K key) {
        rateLimiter.forget(key);
    }

    public int numRequeues(K key) {
        return rateLimiter.numRequeues(key);
    }

    /**
     * Blocks until a key is ready and hands it to the caller, who must call {@link #done} with it.
     *
     * @return the key, or {@code null} once the queue is shut down
     */
    public K get() throws InterruptedException {
        lock.lock();
        try {
            while (!keys.hasReady() && !stopped) {
                keyReady.await();
            }
            return stopped ? null : keys.take();
        } finally {
            lock.unlock();
        }
    }

    /** Releases {@code key} after processing; if it was added meanwhile it becomes ready again. */
    public void done(K key) {
        lock.lock();
        try {
            if (!keys.release(key)) {
                return;
            }
            if (!stopped && keys.readyAgain(key)) {
                keyReady.signal();
            } else if (keys.isIdle()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys handed to a worker and not yet marked done. */
    public int inFlight() {
        return locked(keys::processingCount);
    }

    /** Keys ready to be handed out (not counting delayed keys or keys being processed). */
    public int len() {
        return locked(keys::readyCount);
    }

    /** Keys waiting for their delay to run out. */
    public int delayedLen() {
        return locked(delayed::size);
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the delayed adds of the keys {@code gone} accepts, each tested under the queue's lock. A key
     * whose object was deleted would otherwise wait until its delay ran out (minutes, for a rollout's
     * progress deadline) only to find nothing to do. Keys ready or being processed are left alone.
     *
     * @return how many delayed keys were dropped
     */
    public int discardDelayed(Predicate<K> gone) {
        return locked(() -> {
            int dropped = delayed.removeIf(gone);
            if (dropped > 0) {
                delayedChanged.signal();
            }
            return dropped;
        });
    }

    /** Stops the queue at once: pending keys are dropped, later adds are ignored, and every blocked or later {@link #get} returns {@code null}. */
    public void shutDown() {
        lock.lock();
        try {
            closing = true;
            stopLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting keys (delayed ones are dropped), lets workers finish every key that is ready or
     * in flight, then shuts down.
     *
     * @return whether the queue drained within {@code timeout}; it is shut down either way
     */
    public boolean shutDownWithDrain(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            delayed.clear();
            delayedChanged.signalAll();
            long left = timeout.toNanos();
            try {
                while (!keys.isIdle() && left > 0) {
                    left = idle.awaitNanos(left);
                }
                return keys.isIdle();
            } finally {
                stopLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private void stopLocked() {
        if (stopped) {
            return;
        }
        stopped = true;
        keys.clearWaiting();
        delayed.clear();
        keyReady.signalAll();
        delayedChanged.signalAll();
        idle.signalAll();
        log.debug("Queue {} shut down", name);
    }

    /**
     * Whether the thread that brings delayed keys back has died while the queue still runs: from then on
     * no retry, backoff or requeue-after comes back.
     */
    public boolean delayTimerDied() {
        return !timer.isAlive() && !isShutDown();
    }

    public boolean isShutDown() {
        return locked(() -> closing);
    }

    @Override
    public void close() {
        shutDown();
    }

    /** Moves every delayed key that is due into the ready queue; returns how many. */
    int promoteDue() {
        return locked(() -> closing ? 0 : delayed.drainDue(ticker.nanos(), this::addLocked));
    }

    private void runTimer() {
        lock.lock();
        try {
            while (!closing) {
                delayed.drainDue(ticker.nanos(), this::addLocked);
                long sleep = Math.min(delayed.nanosUntilNext(ticker.nanos()), MAX_TIMER_SLEEP_NANOS);
                if (sleep > 0) {
                    delayedChanged.awaitNanos(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("Delay timer of queue {} died; delayed keys will not come back", name, e);
            throw e;
        } finally {
            lock.unlock();
        }
    }
}
