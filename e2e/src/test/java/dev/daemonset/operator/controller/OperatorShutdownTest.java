package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.deploy.DeployManifests;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A leader asked to stop while the API server answers nothing still stops within the Deployment's
 * termination grace period, so the kubelet never has to kill it mid-write. Client-go's lease timing,
 * as {@code run} ships it.
 */
class OperatorShutdownTest {
    @Test
    void aLeaderWithWritesUnderWayStopsWithinTheTerminationGracePeriodWhenTheApiServerAnswersNothing() {
        Duration grace = Duration.ofSeconds(DeployManifests.load()
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getTerminationGracePeriodSeconds());
        try (MockCluster cluster = MockCluster.start()) {
            for (int i = 1; i <= 3; i++) {
                cluster.createNode(node("node-" + i));
            }
            Operator operator = Operator.start(
                    cluster.clientFor("a"),
                    OperatorConfig.defaults()
                            .withLeaderElection(LeaderElectionSettings.of("default", "shutdown", "a")));
            Duration took;
            try {
                await().atMost(MockCluster.TIMEOUT).until(operator::isLeading);
                DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
                await().atMost(MockCluster.TIMEOUT)
                        .until(() -> cluster.podsOf(ds).size() == 3 && operator.isIdle());

                cluster.holdEverything("a", Duration.ofMinutes(2));
                long held = System.nanoTime();
                cluster.createNode(node("node-4"));
                cluster.editDaemonSet("agent", d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("agent:v2");
                    return d;
                });
                // a create for the joined node and a delete of the rollout are both waiting for an answer
                await().atMost(MockCluster.TIMEOUT)
                        .until(() -> cluster.calls().stream()
                                        .filter(c -> "a".equals(c.instance())
                                                && c.isWrite()
                                                && !c.isLease()
                                                && c.answeredAtNanos() > held)
                                        .count()
                                >= 2);
            } finally {
                long start = System.nanoTime();
                operator.close();
                took = Duration.ofNanos(System.nanoTime() - start);
            }
            System.out.printf(
                    "a leader with writes under way stopped in %.1f s while the API server answered nothing "
                            + "(termination grace period %d s)%n",
                    took.toMillis() / 1000.0, grace.toSeconds());
            assertThat(took).as("time to stop").isLessThan(grace.minusSeconds(5));
        }
    }
}
