package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.testing.MockCluster;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A leader writes only while its last successful renewal is recent, by its own monotonic clock. */
class RenewalFenceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RenewalFence fence = new RenewalFence(DEADLINE, MARGIN, nanos::get);

    @Test
    void noWriteBeforeTheFirstRenewal() {
        assertThat(fence.allowsWrites()).isFalse();
    }

    @Test
    void writesUntilTheRenewDeadlineLessTheMarginCountedFromWhenTheRenewalWasSent() {
        long sent = nanos.get();
        advance(Duration.ofMillis(700)); // the renewal took 700 ms to answer
        fence.renewed(sent);

        advance(Duration.ofMillis(7299));
        assertThat(fence.allowsWrites()).as("7.999 s after sending").isTrue();
        advance(Duration.ofMillis(1));
        assertThat(fence.allowsWrites()).as("8 s after sending").isFalse();
    }

    @Test
    void aLaterRenewalExtendsTheWindowAndALateAnswerToAnOlderOneDoesNotShortenIt() {
        long first = nanos.get();
        advance(Duration.ofSeconds(3));
        long second = nanos.get();
        fence.renewed(second);
        fence.renewed(first);

        advance(Duration.ofSeconds(7));
        assertThat(fence.allowsWrites())
                .as("7 s after the second renewal, 10 s after the first")
                .isTrue();
    }

    @Test
    void aMarginAsLongAsTheDeadlineIsRefused() {
        assertThatThrownBy(() -> new RenewalFence(DEADLINE, DEADLINE, nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Against fabric8's elector: once lease requests fail, the fence closes before the elector gives up
     * (it notices only at its renew deadline), so no write waits on the elector's thread.
     */
    @Test
    void closesBeforeTheElectorNoticesThatItCannotRenew() {
        LeaderElectionSettings settings = LeaderElectionSettings.of("default", "fence-test", "a")
                .withTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
        RenewalFence real = RenewalFence.of(settings);
        AtomicLong stoppedAt = new AtomicLong();
        try (MockCluster cluster = MockCluster.start()) {
            cluster.createNode(node("node-1"));
            try (LeaseElection election = LeaseElection.start(
                    cluster.clientFor("a"),
                    settings,
                    real,
                    () -> {},
                    () -> stoppedAt.compareAndSet(0, System.nanoTime()))) {
                await().atMost(MockCluster.TIMEOUT).until(() -> election.isLeading() && real.allowsWrites());

                long cutAt = System.nanoTime();
                cluster.isolate("a");
                await().atMost(MockCluster.TIMEOUT).until(() -> !real.allowsWrites());
                long fencedAt = System.nanoTime();
                await().atMost(MockCluster.TIMEOUT).until(() -> stoppedAt.get() != 0);

                assertThat(Duration.ofNanos(fencedAt - cutAt))
                        .as("fenced within renew deadline - margin of the cut")
                        .isLessThanOrEqualTo(settings.renewDeadline()
                                .minus(settings.retryPeriod())
                                .plusMillis(100));
                assertThat(fencedAt)
                        .as("fenced before the elector reported the loss")
                        .isLessThan(stoppedAt.get());
            }
        }
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
