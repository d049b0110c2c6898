package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Before exiting, main waits a bounded time for the client's event loops, and only for them. */
class MainExitTest {

    @Test
    void waitsForAnEventLoopThatIsEnding() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread loop = new Thread(
                () -> {
                    started.countDown();
                    awaitQuietly(release);
                    // still busy for a moment after it was told to stop, as an event loop is
                    long until = System.nanoTime() + Duration.ofMillis(20).toNanos();
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                },
                "vert.x-eventloop-thread-7");
        loop.setDaemon(true);
        loop.start();
        started.await();
        release.countDown();

        Main.awaitIoThreads(Duration.ofSeconds(10));

        assertThat(loop.isAlive()).isFalse();
    }

    @Test
    void givesUpOnAnEventLoopThatDoesNotEndWithinTheBudget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread loop = new Thread(() -> awaitQuietly(release), "vert.x-acceptor-thread-7");
        loop.setDaemon(true);
        loop.start();
        try {
            long start = System.nanoTime();

            Main.awaitIoThreads(Duration.ofMillis(100));

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(90), Duration.ofSeconds(5));
            assertThat(loop.isAlive()).isTrue();
        } finally {
            release.countDown();
            loop.join();
        }
    }

    @Test
    void doesNotWaitForOtherThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> awaitQuietly(release), "informer-worker");
        other.setDaemon(true);
        other.start();
        try {
            long start = System.nanoTime();

            Main.awaitIoThreads(Duration.ofSeconds(10));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
            other.join();
        }
    }

    @Test
    void endsTheJdkHttpClientsSelectorThreadWaitingInSelect() throws Exception {
        try (Selector selector = Selector.open()) {
            CountDownLatch selecting = new CountDownLatch(1);
            Thread loop = new Thread(
                    () -> {
                        // as the JDK client's selector manager loops: until interrupted
                        while (!Thread.currentThread().isInterrupted()) {
                            selecting.countDown();
                            try {
                                selector.select(60_000);
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "HttpClient-7-SelectorManager");
            loop.setDaemon(true);
            loop.start();
            selecting.await();

            Main.awaitIoThreads(Duration.ofSeconds(10));

            assertThat(loop.isAlive()).isFalse();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
