package dev.daemonset.operator.controller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up, which waits for the API server for as long as it takes: the informers start at once and
 * retry with backoff, a line is logged every {@link #STARTUP_LOG_PERIOD} while they have not all
 * listed, and housekeeping and leadership start on the timer thread once they have. The informers'
 * connection is sampled from the start, so an outage at start-up is reported as one later is.
 */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    /** How often start-up says it is still waiting for the caches. */
    static final Duration STARTUP_LOG_PERIOD = Duration.ofSeconds(30);
    /** How often the informers' connection is looked at, for the metric, the readiness text and the log. */
    static final Duration CONNECTION_SAMPLE_PERIOD = Duration.ofSeconds(1);

    private final OperatorComponents parts;
    private final Leadership leadership;
    /** Start-up, the start-up log and the connection sampling; never blocked by a write. */
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dds-timers-"));
    /** Completes once the caches have synced and leader election (or leading) has started. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    private final List<ScheduledFuture<?>> periodicTasks = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> startupLog;
    private volatile Throwable startupFailure;
    private volatile boolean abandoned;

    Startup(OperatorComponents parts, Leadership leadership) {
        this.parts = parts;
        this.leadership = leadership;
    }

    /** Starts the informers and returns; the rest follows once they have listed. */
    void begin() {
        parts.handleEvents(leadership::enqueue, leadership::enqueueSoon);
        LOG.info(
                "starting informers against the API server at {}; waiting for their caches to sync",
                parts.client.getMasterUrl());
        periodicTasks.add(timers.scheduleAtFixedRate(
                guarded("watching the informers' connection", () -> parts.connection.sample(started.isDone())),
                0,
                CONNECTION_SAMPLE_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS));
        startupLog = timers.scheduleAtFixedRate(
                guarded("logging the start-up wait", parts.connection::logStillWaiting),
                STARTUP_LOG_PERIOD.toMillis(),
                STARTUP_LOG_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        parts.cache
                .start(parts.config.metrics()::informerSynced)
                .whenCompleteAsync(
                        (ignored, error) -> {
                            if (error == null) {
                                afterSync();
                            } else {
                                started.completeExceptionally(error);
                            }
                        },
                        timers);
    }

    /** The rest of start-up, on the timer thread once every informer has listed. */
    private void afterSync() {
        try {
            startupLog.cancel(false);
            boolean begun = leadership.begin(() -> {
                LOG.info(
                        "caches synced after {}: {} nodes, {} daemonsets",
                        Elapsed.format(parts.connection.waited()),
                        parts.cache.nodes().size(),
                        parts.cache.daemonSets().size());
                parts.housekeeping.start();
                parts.config.metrics().stateSizes(parts.housekeeping::sizes);
            });
            if (begun) {
                started.complete(null);
            }
        } catch (RuntimeException | Error e) {
            startupFailure = e;
            LOG.error("start-up failed after the caches synced", e);
            started.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Waits until the caches have synced and leader election (or leading) has started.
     *
     * @throws IllegalStateException if start-up was abandoned first, or failed after the sync
     */
    void await() throws InterruptedException {
        try {
            started.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "operator failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Ends a wait in {@link #await} that has not ended yet: the operator is closing. */
    void abandon() {
        abandoned = true;
        started.completeExceptionally(new IllegalStateException("closed before the caches synced"));
    }

    void stopTimers() {
        timers.shutdownNow();
    }

    /** A failure after the sync, and timer tasks that stopped; see {@link Operator#livenessProblems}. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Throwable failure = startupFailure;
        if (failure != null) {
            problems.add("start-up failed after the caches synced: " + failure);
        }
        for (ScheduledFuture<?> task : periodicTasks) {
            if (task.isDone() && !abandoned) {
                problems.add("a timer task stopped: " + causeOf(task));
            }
        }
        return problems;
    }

    /**
     * A periodic task that outlives an exception (logged) but not an {@link Error}: that ends the task,
     * and {@link #problems} reports it.
     */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed; trying again next time", what, e);
            }
        };
    }

    private static String causeOf(ScheduledFuture<?> task) {
        try {
            task.get(0, TimeUnit.NANOSECONDS);
            return "it ended";
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (CancellationException | TimeoutException e) {
            return "it was cancelled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
