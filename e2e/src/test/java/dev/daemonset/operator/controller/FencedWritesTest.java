package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.KubernetesPodControl;
import dev.daemonset.operator.exec.PodControl;
import dev.daemonset.operator.exec.WriteFailures;
import dev.daemonset.operator.testing.ApiCall;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A leader's writes end before its lease could pass to a standby: each is given up in time by the
 * client, and a leader that steps down releases its lease only once the writes it let through are
 * answered.
 */
class FencedWritesTest {
    /** Writes get 500 ms and are given up within 1 s: lease duration minus renew deadline. */
    private static final LeaderElectionSettings ELECTION = LeaderElectionSettings.of("default", "fenced-writes", "a")
            .withTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
    /** Scheduling noise on a busy machine, on top of the client's own bound. */
    private static final Duration SLACK = Duration.ofMillis(500);

    @Test
    void aPodWriteThatHangsIsGivenUpBeforeTheLeaseCouldPassOnAndCountsAsUncertain() {
        try (MockCluster cluster = MockCluster.start()) {
            Pod existing = cluster.client()
                    .pods()
                    .resource(Fixtures.daemonPod(daemonSet("agent"), "node-1", "h1", 0))
                    .create();
            WriteClient writes = WriteClient.of(cluster.clientFor("a"), ELECTION);
            PodControl pods = new KubernetesPodControl(writes.client(), writes.timeout());
            cluster.holdPodWrites("a", Duration.ofSeconds(20));
            Duration bound = ELECTION.leaseDuration().minus(ELECTION.renewDeadline());

            long start = System.nanoTime();
            RuntimeException create =
                    catchRuntimeException(() -> pods.create(Fixtures.daemonPod(daemonSet("agent"), "node-2", "h1", 0)));
            Duration createTook = Duration.ofNanos(System.nanoTime() - start);
            start = System.nanoTime();
            RuntimeException delete = catchRuntimeException(() -> pods.delete(
                    "default",
                    existing.getMetadata().getName(),
                    existing.getMetadata().getUid()));
            Duration deleteTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(create).isNotNull();
            assertThat(WriteFailures.isUncertain(create))
                    .as("a create given up on may have happened: %s", create)
                    .isTrue();
            assertThat(createTook).as("create given up after").isLessThan(bound.plus(SLACK));
            assertThat(delete).isNotNull();
            assertThat(WriteFailures.isUncertain(delete))
                    .as("a delete given up on may have happened: %s", delete)
                    .isTrue();
            assertThat(deleteTook).as("delete given up after").isLessThan(bound.plus(SLACK));
        }
    }

    @Test
    void withoutLeaderElectionWritesKeepTheClientsOwnTimeout() {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.clientFor("a");
            WriteClient writes = WriteClient.of(client, null);
            assertThat(writes.timeout())
                    .isEqualTo(Duration.ofMillis(client.getConfiguration().getRequestTimeout()));
            assertThat(writes.client()).isSameAs(client);
        }
    }

    /**
     * A node joins, the leader creates its pod in the background, and the leader stops while the
     * answer is still on its way: the lease is released only after it.
     */
    @Test
    void aLeaderThatStopsReleasesItsLeaseOnlyAfterThePodWritesUnderWayAreAnswered() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.createNode(node("node-1"));
            Operator operator = Operator.start(
                    cluster.clientFor("a"), OperatorConfig.defaults().withLeaderElection(ELECTION));
            try {
                await().atMost(MockCluster.TIMEOUT).until(operator::isLeading);
                DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
                await().atMost(MockCluster.TIMEOUT)
                        .until(() -> cluster.podsOf(ds).size() == 1
                                && cluster.daemonSet("agent").getStatus() != null
                                && ds.getMetadata()
                                        .getGeneration()
                                        .equals(cluster.daemonSet("agent")
                                                .getStatus()
                                                .getObservedGeneration())
                                && operator.isIdle());

                // answered well within the write timeout, so the write succeeds, but late
                cluster.holdPodWrites("a", Duration.ofMillis(300));
                cluster.createNode(node("node-2"));
                await().atMost(MockCluster.TIMEOUT)
                        .until(() -> podCreates(cluster).size() == 2);
            } finally {
                operator.close();
            }

            long lastPodAnswer = podCreates(cluster).stream()
                    .mapToLong(ApiCall::answeredAtNanos)
                    .max()
                    .orElseThrow();
            long release = cluster.calls().stream()
                    .filter(c -> "a".equals(c.instance()) && c.isLease() && c.isWrite())
                    .mapToLong(ApiCall::answeredAtNanos)
                    .max()
                    .orElseThrow();
            assertThat(release)
                    .as("the lease released after the last pod write was answered")
                    .isGreaterThan(lastPodAnswer);
            Lease lease = cluster.client()
                    .leases()
                    .inNamespace("default")
                    .withName("fenced-writes")
                    .get();
            // fabric8 releases by cutting the lease to one second, so a standby takes it at once
            assertThat(lease.getSpec().getLeaseDurationSeconds()).as("released").isEqualTo(1);
            assertThat(cluster.podsOf(ds(cluster))).hasSize(2);
        }
    }

    private static DaemonSet ds(MockCluster cluster) {
        return cluster.daemonSet("agent");
    }

    private static List<ApiCall> podCreates(MockCluster cluster) {
        return cluster.calls().stream()
                .filter(c -> "a".equals(c.instance())
                        && "POST".equals(c.method())
                        && c.resourcePath().endsWith("/pods"))
                .toList();
    }
}
