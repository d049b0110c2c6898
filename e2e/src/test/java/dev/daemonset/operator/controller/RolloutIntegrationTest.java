package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.plan.Conditions;
import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.testing.MockCluster;
import dev.daemonset.operator.testing.TestKubelet;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revisions and rolling updates against the mock API server; the test plays kubelet as it polls. */
class RolloutIntegrationTest {
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(40);
    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        for (int i = 1; i <= 4; i++) {
            cluster.createNode(node("node-" + i));
        }
        cluster.startOperator();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void imageUpdateRollsThroughEveryNodeWithinTheBudgetAndRecordsRevisions() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        awaitRolledOut(ds);
        assertThat(revisions()).extracting(ControllerRevision::getRevision).containsExactly(1L);
        Set<String> firstPods = podNames(ds);

        setImage("registry.example/agent:2.0");
        AtomicInteger worstUnavailable = new AtomicInteger();
        await().atMost(ROLLOUT_TIMEOUT).until(() -> {
            List<Pod> pods = cluster.podsOf(ds);
            long available = pods.stream()
                    .filter(p -> !PodConditions.isBeingDeleted(p) && PodConditions.isReady(p))
                    .count();
            worstUnavailable.accumulateAndGet((int) (4 - Math.min(4, available)), Math::max);
            TestKubelet.pass(cluster.client(), p -> true);
            return rolloutComplete() && podNames(ds).stream().noneMatch(firstPods::contains);
        });
        assertThat(worstUnavailable.get())
                .as("never more than maxUnavailable (1) unavailable")
                .isLessThanOrEqualTo(1);
        assertThat(revisions()).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
        DaemonSet after = cluster.daemonSet("agent");
        assertThat(after.getStatus().getUpdateRevision())
                .isEqualTo(after.getStatus().getCurrentRevision())
                .isEqualTo(revisions().get(1).getMetadata().getName());
    }

    @Test
    void replacementsTakenAlongsideCreatesStillKeepTheBudget() {
        DaemonSet spec = daemonSet("agent");
        RollingUpdateDaemonSet rolling = new RollingUpdateDaemonSet();
        rolling.setMaxUnavailable(new IntOrString(2));
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(UpdateStrategyType.RollingUpdate);
        strategy.setRollingUpdate(rolling);
        spec.getSpec().setUpdateStrategy(strategy);
        DaemonSet ds = cluster.createDaemonSet(spec);
        awaitRolledOut(ds);
        Set<String> firstPods = podNames(ds);

        setImage("registry.example/agent:2.0");
        AtomicInteger worstUnavailable = new AtomicInteger();
        await().atMost(ROLLOUT_TIMEOUT).until(() -> {
            List<Pod> pods = cluster.podsOf(ds);
            long available = pods.stream()
                    .filter(p -> !PodConditions.isBeingDeleted(p) && PodConditions.isReady(p))
                    .count();
            worstUnavailable.accumulateAndGet((int) (4 - Math.min(4, available)), Math::max);
            // one pod at a time turns ready, so creates and further replacements meet in one sync
            AtomicInteger readied = new AtomicInteger();
            TestKubelet.pass(cluster.client(), p -> readied.getAndIncrement() == 0);
            return rolloutComplete() && podNames(ds).stream().noneMatch(firstPods::contains);
        });
        assertThat(worstUnavailable.get())
                .as("never more than maxUnavailable (2) unavailable")
                .isLessThanOrEqualTo(2);
    }

    @Test
    void rollbackReusesTheOldRevisionWithTheNextNumber() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        awaitRolledOut(ds);
        String firstRevision = revisions().get(0).getMetadata().getName();
        setImage("registry.example/agent:2.0");
        awaitRolledOut(ds);
        setImage("registry.example/agent:1.0");
        awaitRolledOut(ds);

        List<ControllerRevision> history = revisions();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).getMetadata().getName()).isEqualTo(firstRevision);
        assertThat(history.get(1).getRevision()).isEqualTo(3L);
    }

    @Test
    void anImageThatNeverBecomesReadyStallsTheRolloutAndSaysWhere() {
        DaemonSet spec = daemonSet("agent");
        spec.getSpec().setProgressDeadlineSeconds(2);
        DaemonSet ds = cluster.createDaemonSet(spec);
        awaitRolledOut(ds);
        Set<String> oldPods = podNames(ds);

        setImage("registry.example/agent:broken");
        await().atMost(ROLLOUT_TIMEOUT).untilAsserted(() -> {
            TestKubelet.pass(
                    cluster.client(), p -> oldPods.contains(p.getMetadata().getName()));
            DaemonSetCondition stalled =
                    Conditions.find(cluster.daemonSet("agent").getStatus().getConditions(), "RolloutStalled");
            assertThat(stalled).isNotNull();
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getMessage()).contains("waiting on node-1 (pod ").contains("no status yet");
        });
        assertThat(cluster.podsOf(ds).stream()
                        .filter(p -> oldPods.contains(p.getMetadata().getName()))
                        .count())
                .as("only one old pod was given up (maxUnavailable 1)")
                .isEqualTo(3);
    }

    private void awaitRolledOut(DaemonSet ds) {
        await().atMost(ROLLOUT_TIMEOUT).until(() -> {
            TestKubelet.pass(cluster.client(), p -> true);
            return rolloutComplete();
        });
    }

    private boolean rolloutComplete() {
        DaemonSet current = cluster.daemonSet("agent");
        DaemonSetCondition complete = current.getStatus() == null
                ? null
                : Conditions.find(current.getStatus().getConditions(), "RolloutComplete");
        return complete != null
                && "True".equals(complete.getStatus())
                && current.getMetadata()
                        .getGeneration()
                        .equals(current.getStatus().getObservedGeneration());
    }

    private void setImage(String image) {
        cluster.editDaemonSet("agent", d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        });
    }

    private List<ControllerRevision> revisions() {
        return cluster.client().apps().controllerRevisions().inNamespace("default").list().getItems().stream()
                .sorted(Comparator.comparing(ControllerRevision::getRevision))
                .toList();
    }

    private Set<String> podNames(DaemonSet ds) {
        return cluster.podsOf(ds).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }
}
