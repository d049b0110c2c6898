package dev.daemonset.operator.exec;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PlannedEvent;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bursts of a proven template sent without the sync waiting for them: the next burst is sent while the last one's
 * tail is being written, never more than that ahead, and a failure stops every burst still queued.
 */
class BackgroundCreatesTest {
    private static final int PARALLELISM = 4;
    private static final int BURST = 10;
    private static final String HASH = "v2";

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    private final ExecutorService writers = Executors.newFixedThreadPool(PARALLELISM);
    private final ExecutorService syncs = Executors.newSingleThreadExecutor();
    private final Expectations<String> expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
    private final GatedPods pods = new GatedPods();
    private final PlanExecutor executor =
            new PlanExecutor(pods, pods, expectations, new FailedPodBackoff(), writers, PARALLELISM, clock, BURST);
    private final DaemonSet ds = daemonSet("agent");
    private final String uid = ds.getMetadata().getUid();
    private final PodTemplateSpec template = ds.getSpec().getTemplate();
    private final AtomicInteger retries = new AtomicInteger();

    /** Each create waits for a permit; the ones listed fail. */
    private static final class GatedPods implements PodControl, EventRecorder {
        final Semaphore permits = new Semaphore(0);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        volatile boolean failing;

        @Override
        public Pod create(Pod pod) {
            started.incrementAndGet();
            permits.acquireUninterruptibly();
            if (failing) {
                throw new KubernetesClientException("exceeded quota: pods", 403, null);
            }
            created.incrementAndGet();
            pod.getMetadata().setName("agent-" + created.get());
            return pod;
        }

        @Override
        public boolean delete(String namespace, String name, String uid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRevisionHash(Pod pod, String hash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void record(DaemonSet ds, PlannedEvent event) {}
    }

    @AfterEach
    void stop() {
        pods.permits.release(1_000);
        syncs.shutdownNow();
        writers.shutdownNow();
    }

    @Test
    void theNextBurstIsSentWhileTheLastOnesTailIsWrittenAndNoSooner() {
        executor.provenTemplates().proven(uid, HASH);
        assertThat(send(nodes(1, BURST))).isTrue();
        await().until(() -> pods.started.get() == PARALLELISM);

        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> send(nodes(11, 20)), syncs);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !next.isDone());
        assertThat(executor.createsUnderWay(uid)).isEqualTo(BURST);

        pods.permits.release(BURST - PARALLELISM + 1);
        assertThat(next.join())
                .as("sent once fewer than the writers' parallelism are left")
                .isTrue();
        assertThat(executor.createsUnderWay(uid)).isEqualTo(PARALLELISM - 1 + BURST);

        pods.permits.release(1_000);
        await().until(() -> pods.created.get() == 2 * BURST);
        assertThat(executor.createsUnderWay(uid)).isZero();
    }

    @Test
    void aFailedCreateStopsEveryQueuedBurstAndTheNextIsProbedInSlowStart() {
        executor.provenTemplates().proven(uid, HASH);
        pods.failing = true;
        assertThat(send(nodes(1, BURST))).isTrue();

        pods.permits.release(1_000);
        await().until(() -> executor.createsUnderWay(uid) == 0);

        assertThat(pods.started.get())
                .as("the creates already being written when the first failed, and no more")
                .isLessThanOrEqualTo(PARALLELISM);
        assertThat(retries.get()).as("one retry asked for").isEqualTo(1);
        assertThat(expectations.satisfied(uid))
                .as("the creates never sent are not awaited")
                .isTrue();
        assertThat(send(nodes(11, 20)))
                .as("the next burst goes through slow start")
                .isFalse();
    }

    private boolean send(List<String> nodes) {
        return executor.createInBackground(ds, nodes, template, HASH, 1, retries::incrementAndGet);
    }

    private static List<String> nodes(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> "node-" + i).toList();
    }
}
