package dev.daemonset.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class WorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private WorkQueue<String> q = new WorkQueue<>("test");
    private Workers<String> workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close(WAIT);
        }
        q.shutDown();
    }

    private static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger c = counts.get(key);
        return c == null ? 0 : c.get();
    }

    @Test
    void aKeyIsNeverProcessedByTwoWorkersAtOnce() throws Exception {
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        workers = Workers.start(q, 4, key -> {
            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                if (key.equals("a") && call == 1) {
                    aStarted.countDown();
                    releaseA.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                return null;
            } finally {
                inFlight.get(key).decrementAndGet();
            }
        });

        q.add("a");
        assertThat(aStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        q.add("a");
        q.add("a");
        q.add("a");
        Stream.of("b", "c", "d").forEach(q::add);
        // b, c and d queued behind a; once idle workers have taken them, they had every chance to take a.
        await().atMost(WAIT).until(() -> Stream.of("b", "c", "d").allMatch(k -> count(calls, k) == 1));
        assertThat(count(calls, "a")).as("a handed out while in flight").isEqualTo(1);

        releaseA.countDown();

        await().atMost(WAIT).until(() -> count(calls, "a") == 2);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> count(calls, "a") == 2);
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void oneWorkerServesKeysFifoSoAReAddedKeyWaitsItsTurn() {
        List<String> order = new CopyOnWriteArrayList<>();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        q.add("a");
        q.add("b");
        workers = Workers.start(q, 1, key -> {
            threadNames.add(Thread.currentThread().getName());
            order.add(key);
            if (key.equals("a") && order.size() == 1) {
                q.add("a");
            }
            return null;
        });

        await().atMost(WAIT).until(() -> order.size() >= 3);
        assertThat(order).containsExactly("a", "b", "a");
        assertThat(threadNames).containsExactly("dds-worker-1");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("unchecked", (Supplier<Throwable>) () -> new IllegalStateException("boom")),
                Arguments.of("checked", (Supplier<Throwable>) () -> new java.io.IOException("boom")),
                Arguments.of("error", (Supplier<Throwable>) () -> new AssertionError("boom")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailingKeyIsRetriedWithGrowingBackoffAndTheWorkerSurvives(String kind, Supplier<Throwable> failure) {
        q = new WorkQueue<>(
                "retry",
                new ExponentialBackoffRateLimiter<>(Duration.ofMillis(20), Duration.ofSeconds(5)),
                QueueMetrics.noop());
        List<Long> attempts = new CopyOnWriteArrayList<>();
        List<Integer> requeuesSeen = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        workers = Workers.start(q, 1, key -> {
            if (key.equals("bad")) {
                attempts.add(System.nanoTime());
                requeuesSeen.add(q.numRequeues(key));
                if (attempts.size() <= 3) {
                    Throwable t = failure.get();
                    if (t instanceof Exception e) {
                        throw e;
                    }
                    throw (Error) t;
                }
            }
            done.add(key);
            return null;
        });

        q.add("bad");
        await().atMost(WAIT).until(() -> done.contains("bad"));

        assertThat(attempts).hasSize(4);
        assertThat(requeuesSeen).containsExactly(0, 1, 2, 3);
        long[] minGapsMs = {20, 40, 80};
        for (int i = 0; i < minGapsMs.length; i++) {
            assertThat(attempts.get(i + 1) - attempts.get(i))
                    .as("gap before retry %d", i + 1)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(minGapsMs[i]));
        }
        assertThat(q.numRequeues("bad")).as("success forgets the backoff").isZero();

        q.add("good");
        await().atMost(WAIT).until(() -> done.contains("good"));
        assertThat(workers.aliveCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "requeue after {0} ms")
    @ValueSource(longs = {0, 100})
    void aHandlerCanAskForADelayedRequeue(long delayMs) {
        List<Long> calls = new CopyOnWriteArrayList<>();
        workers = Workers.start(q, 2, key -> {
            calls.add(System.nanoTime());
            return calls.size() == 1 ? Duration.ofMillis(delayMs) : null;
        });

        q.add("a");

        await().atMost(WAIT).until(() -> calls.size() >= 2);
        assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(delayMs));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> calls.size() == 2);
        assertThat(q.numRequeues("a")).isZero();
    }

    @Test
    void closeShutsTheQueueAndStopsIdleWorkers() {
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        workers = Workers.start(q, 3, key -> {
            threadNames.add(Thread.currentThread().getName());
            return null;
        });
        Stream.of("a", "b", "c", "d").forEach(q::add);
        await().atMost(WAIT).until(() -> q.len() == 0);
        assertThat(workers.aliveCount()).isEqualTo(3);

        assertThat(workers.close(WAIT)).isTrue();

        assertThat(workers.aliveCount()).isZero();
        assertThat(q.isShutDown()).isTrue();
        assertThat(threadNames).isNotEmpty().isSubsetOf("dds-worker-1", "dds-worker-2", "dds-worker-3");
    }

    @Test
    void closeInterruptsAWorkerStuckPastTheTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        workers = Workers.start(q, 1, key -> {
            started.countDown();
            never.await();
            return null;
        });
        q.add("stuck");
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(workers.close(Duration.ofMillis(100))).isFalse();

        await().atMost(WAIT).until(() -> workers.aliveCount() == 0);
    }

    @Test
    void busyTellsWhichKeyEachWorkerHoldsAndForHowLongOnTheTicker() throws Exception {
        FakeTicker ticker = new FakeTicker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        workers = Workers.start(
                q,
                2,
                key -> {
                    if (key.equals("slow")) {
                        started.countDown();
                        release.await();
                    }
                    return null;
                },
                ticker);
        q.add("slow");
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        ticker.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(workers.busy()).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo("slow");
            assertThat(b.thread()).startsWith(Workers.THREAD_PREFIX);
            assertThat(b.running()).isEqualTo(Duration.ofMinutes(9).plusSeconds(59));
        });
        assertThat(workers.busyFor(Duration.ofMinutes(10))).as("not stuck yet").isEmpty();

        ticker.advance(Duration.ofSeconds(1));
        assertThat(workers.busyFor(Duration.ofMinutes(10)))
                .extracting(Workers.Busy::key)
                .containsExactly("slow");

        release.countDown();
        await().atMost(WAIT).until(() -> workers.busy().isEmpty());
        assertThat(workers.busyFor(Duration.ofMinutes(10))).isEmpty();
    }

    @Test
    void aWorkerKilledByAVirtualMachineErrorIsReportedDeadAndTheOthersCarryOn() {
        List<String> done = new CopyOnWriteArrayList<>();
        workers = Workers.start(q, 2, key -> {
            if (key.equals("fatal")) {
                throw new StackOverflowError("thrown by the test");
            }
            done.add(key);
            return null;
        });
        assertThat(workers.deadThreads()).isEmpty();

        q.add("fatal");
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> workers.aliveCount() == 1);
        assertThat(workers.deadThreads()).singleElement().asString().startsWith(Workers.THREAD_PREFIX);
        assertThat(workers.busy()).as("the dead worker holds nothing").isEmpty();

        q.add("after");
        await().atMost(WAIT).until(() -> done.contains("after"));

        workers.close(WAIT);
        assertThat(workers.deadThreads()).as("stopped by close, not dead").isEmpty();
    }
}
