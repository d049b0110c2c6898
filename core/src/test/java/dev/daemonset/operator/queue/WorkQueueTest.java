package dev.daemonset.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class WorkQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeTicker ticker = new FakeTicker();
    private final WorkQueue<String> q = new WorkQueue<>(
            "test",
            new ExponentialBackoffRateLimiter<>(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            QueueMetrics.noop(),
            ticker);

    @AfterEach
    void shutDown() {
        q.shutDown();
    }

    /** Takes every ready key, releasing each at once. */
    private List<String> drain(WorkQueue<String> queue) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (queue.len() > 0) {
            String key = queue.get();
            got.add(key);
            queue.done(key);
        }
        return got;
    }

    @ParameterizedTest(name = "adds {0} -> handed out {1}")
    @CsvSource({
        "'a,a,a', 'a'",
        "'a,b,a,c,b', 'a,b,c'",
        "'b,a,b,b,a', 'b,a'",
        "'a,b,c', 'a,b,c'",
    })
    void repeatedAddsOfAPendingKeyAreHandedOutOnceInFirstAddOrder(String adds, String expected) throws Exception {
        Arrays.stream(adds.split(",")).forEach(q::add);

        assertThat(q.len()).isEqualTo(expected.split(",").length);
        assertThat(drain(q)).containsExactly(expected.split(","));
    }

    @Test
    void keyAddedWhileProcessingIsHeldBackUntilDone() throws Exception {
        q.add("a");
        String key = q.get();

        q.add("a");
        q.add("a");
        assertThat(q.len()).as("a is in flight, so must not be ready").isZero();

        q.done(key);
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.get()).isEqualTo("a");
    }

    @Test
    void doneWithoutAReAddDoesNotRequeue() throws Exception {
        q.add("a");
        q.done(q.get());

        assertThat(q.len()).isZero();
    }

    @Test
    void aKeyReAddedDuringProcessingGoesBehindKeysAlreadyWaiting() throws Exception {
        q.add("a");
        q.add("b");
        String first = q.get();
        q.add("a");
        q.done(first);

        assertThat(List.of(first, q.get(), q.get())).containsExactly("a", "b", "a");
    }

    @Test
    void addAfterIsReadyExactlyWhenTheDelayRunsOut() throws Exception {
        q.addAfter("a", Duration.ofMillis(50));
        q.add("b");
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.get()).isEqualTo("b");

        ticker.advanceMillis(49);
        q.promoteDue();
        assertThat(q.len()).as("49 ms after a 50 ms delay").isZero();
        assertThat(q.delayedLen()).isEqualTo(1);

        ticker.advanceMillis(1);
        q.promoteDue();
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.delayedLen()).isZero();
        assertThat(q.get()).isEqualTo("a");
    }

    @Test
    void discardedDelayedKeysNeverComeBackAndReadyKeysStay() throws Exception {
        q.addAfter("gone", Duration.ofMinutes(10));
        q.addAfter("gone", Duration.ofMillis(50)); // moved earlier: a second heap entry for the key
        q.addAfter("kept", Duration.ofMillis(50));
        q.add("ready-gone");

        assertThat(q.discardDelayed(key -> key.endsWith("gone"))).isOne();

        assertThat(q.delayedLen()).isOne();
        ticker.advanceMillis(Duration.ofMinutes(11).toMillis());
        q.promoteDue();
        assertThat(drain(q)).containsExactly("ready-gone", "kept");
    }

    @ParameterizedTest(name = "addAfter {0} ms then {1} ms -> ready at {2} ms, once")
    @CsvSource({
        "10000, 1000, 1000",
        "1000, 10000, 1000",
        "500, 500, 500",
    })
    void theEarliestPendingAddAfterWins(long firstMs, long secondMs, long readyAtMs) throws Exception {
        q.addAfter("a", Duration.ofMillis(firstMs));
        q.addAfter("a", Duration.ofMillis(secondMs));
        assertThat(q.delayedLen()).isEqualTo(1);

        ticker.advanceMillis(readyAtMs - 1);
        q.promoteDue();
        assertThat(q.len()).isZero();

        ticker.advanceMillis(1);
        q.promoteDue();
        assertThat(drain(q)).containsExactly("a");

        ticker.advanceMillis(Math.max(firstMs, secondMs));
        q.promoteDue();
        assertThat(q.len()).as("the later request must not fire too").isZero();
    }

    @Test
    void plainAddMakesADelayedKeyReadyAtOnceAndTheDelayedAddStillFires() throws Exception {
        q.addAfter("a", Duration.ofSeconds(10));

        q.add("a");
        assertThat(q.len()).isEqualTo(1);
        assertThat(drain(q)).containsExactly("a");

        ticker.advance(Duration.ofSeconds(10));
        q.promoteDue();
        assertThat(q.len()).isEqualTo(1);
    }

    @Test
    void zeroOrNegativeDelayAddsAtOnce() {
        q.addAfter("a", Duration.ZERO);
        q.addAfter("b", Duration.ofMillis(-5));

        assertThat(q.len()).isEqualTo(2);
        assertThat(q.delayedLen()).isZero();
    }

    @Test
    void theTimerThreadReallyWaits() throws Exception {
        try (var real = new WorkQueue<String>("real", new ExponentialBackoffRateLimiter<>(), QueueMetrics.noop())) {
            long start = System.nanoTime();
            real.addAfter("late", Duration.ofMillis(50));
            real.add("now");

            String first = real.get();
            real.done(first);
            String second = real.get();
            long elapsed = System.nanoTime() - start;

            assertThat(List.of(first, second)).containsExactly("now", "late");
            assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void addRateLimitedBacksOffPerFailureAndForgetResets() throws Exception {
        q.addRateLimited("a"); // limiter base is 1 s
        assertThat(q.numRequeues("a")).isEqualTo(1);
        ticker.advanceMillis(999);
        q.promoteDue();
        assertThat(q.len()).isZero();
        ticker.advanceMillis(1);
        q.promoteDue();
        assertThat(drain(q)).containsExactly("a");

        q.addRateLimited("a");
        assertThat(q.numRequeues("a")).isEqualTo(2);
        ticker.advanceMillis(1999);
        q.promoteDue();
        assertThat(q.len()).isZero();
        ticker.advanceMillis(1);
        q.promoteDue();
        assertThat(q.len()).isEqualTo(1);

        q.forget("a");
        assertThat(q.numRequeues("a")).isZero();
    }

    @Test
    void shutDownWakesEveryBlockedGetWithNull() throws Exception {
        int n = 3;
        var results = new AtomicReferenceArray<String>(n);
        List<Thread> getters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int slot = i;
            results.set(slot, "not returned");
            Thread t = new Thread(
                    () -> {
                        try {
                            results.set(slot, q.get());
                        } catch (InterruptedException e) {
                            results.set(slot, "interrupted");
                        }
                    },
                    "getter-" + i);
            getters.add(t);
            t.start();
        }
        await().atMost(WAIT).until(() -> getters.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

        q.shutDown();

        for (Thread t : getters) {
            t.join(WAIT.toMillis());
            assertThat(t.isAlive()).as("%s still blocked", t.getName()).isFalse();
        }
        for (int i = 0; i < n; i++) {
            assertThat(results.get(i)).isNull();
        }
        assertThat(q.isShutDown()).isTrue();
    }

    @Test
    void afterShutDownAddsAreIgnoredAndGetReturnsNull() throws Exception {
        q.add("pending");
        q.shutDown();

        q.add("a");
        q.addAfter("b", Duration.ZERO);
        q.addRateLimited("c");

        assertThat(q.len()).isZero();
        assertThat(q.numRequeues("c")).isZero();
        assertThat(q.get()).isNull();
    }

    @Test
    void shutDownWithDrainHandsOutWhatIsQueuedAndWaitsForKeysInFlight() throws Exception {
        q.add("a");
        q.add("b");
        String a = q.get();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return q.shutDownWithDrain(WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(q::isShutDown);

        q.add("c");
        assertThat(q.len()).as("c came after the drain started").isEqualTo(1);
        String b = q.get();
        assertThat(b).isEqualTo("b");
        q.done(b);
        assertThat(drained).as("a is still in flight").isNotDone();

        q.done(a);
        assertThat(drained.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(q.get()).isNull();
    }

    @Test
    void shutDownWithDrainGivesUpAfterTheTimeout() throws Exception {
        q.add("a");
        q.get(); // never done

        assertThat(q.shutDownWithDrain(Duration.ofMillis(50))).isFalse();
        assertThat(q.get()).isNull();
    }

    @Test
    void metricsSeeAddsDepthKeysInFlightLatencyWorkAndRetries() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        var metrics = new QueueMetrics<String>() {
            @Override
            public void added(String key) {
                events.add("added " + key);
            }

            @Override
            public void depth(int n) {
                events.add("depth " + n);
            }

            @Override
            public void inFlight(int n) {
                events.add("in flight " + n);
            }

            @Override
            public void latency(Duration waited) {
                events.add("latency " + waited.toMillis());
            }

            @Override
            public void workDuration(Duration d) {
                events.add("work " + d.toMillis());
            }

            @Override
            public void retried(String key) {
                events.add("retried " + key);
            }
        };
        try (var mq = new WorkQueue<>("metrics", new ExponentialBackoffRateLimiter<>(), metrics, ticker)) {
            mq.add("a");
            mq.add("a");
            ticker.advanceMillis(3);
            String key = mq.get();
            ticker.advanceMillis(7);
            mq.done(key);
            mq.addAfter("a", Duration.ofSeconds(1));

            assertThat(events)
                    .containsExactly(
                            "added a",
                            "depth 1",
                            "latency 3",
                            "depth 0",
                            "in flight 1",
                            "in flight 0",
                            "work 7",
                            "retried a");
        }
    }

    @Test
    void aDelayTimerKilledByAnErrorIsReportedUntilTheQueueShutsDown() {
        var poisoned = new QueueMetrics<String>() {
            @Override
            public void added(String key) {
                if (key.equals("poison")) {
                    throw new IllegalStateException("thrown by the test");
                }
            }
        };
        WorkQueue<String> mq = new WorkQueue<>("timer", new ExponentialBackoffRateLimiter<>(), poisoned);
        try {
            assertThat(mq.delayTimerDied()).isFalse();
            mq.addAfter("fine", Duration.ofMillis(1));
            await().atMost(WAIT).until(() -> mq.len() == 1);
            assertThat(mq.delayTimerDied()).isFalse();

            mq.addAfter("poison", Duration.ofMillis(1));
            await().atMost(WAIT).dontCatchUncaughtExceptions().until(mq::delayTimerDied);
        } finally {
            mq.shutDown();
        }
        assertThat(mq.delayTimerDied())
                .as("a queue that was shut down has no timer to miss")
                .isFalse();
    }
}
