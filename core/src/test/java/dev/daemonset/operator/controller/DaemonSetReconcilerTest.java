package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.plan.Conditions;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DaemonSetReconcilerTest {
    private static final int BURST = 250;
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    private FakeCluster cluster;
    private Expectations<String> expectations;
    private DaemonSetReconciler reconciler;
    private DaemonSetKey key;
    private String uid;
    private final JoinedNodes joined = leaderJoinedNodes();

    private static JoinedNodes leaderJoinedNodes() {
        JoinedNodes j = new JoinedNodes();
        j.startTaking();
        return j;
    }

    private final List<DaemonSetKey> retried = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
        expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        FailedPodBackoff backoff = new FailedPodBackoff();
        ExecutorService direct = new DirectExecutorService();
        PlanExecutor executor = new PlanExecutor(cluster, cluster, expectations, backoff, direct, 16, clock, BURST);
        reconciler = TestReconcilers.of(cluster, expectations, backoff, executor, clock, joined, retried::add);
        DaemonSet ds = daemonSet("agent");
        cluster.daemonSets.put("default/agent", ds);
        key = DaemonSetKey.of(ds);
        uid = ds.getMetadata().getUid();
    }

    private DaemonSetReconciler reconcilerWith(dev.daemonset.operator.exec.AdoptionCheck check) {
        FailedPodBackoff backoff = new FailedPodBackoff();
        PlanExecutor executor = new PlanExecutor(
                cluster, cluster, expectations, backoff, new DirectExecutorService(), 16, clock, BURST, check);
        return TestReconcilers.of(cluster, expectations, backoff, executor, clock, joined, retried::add);
    }

    @Test
    void createsAreCappedByTheBurstAndTheNextSyncCreatesOnlyOnNodesWithoutACreateUnderWay() {
        addNodes(300);

        reconciler.process(key);
        assertThat(cluster.created).hasSize(BURST);

        reconciler.process(key);
        assertThat(cluster.createAttempts.get())
                .as("the other 50 nodes need not wait for the cache")
                .isEqualTo(300);
        assertThat(cluster.created).extracting(PodTargets::targetNode).doesNotHaveDuplicates();

        reconciler.process(key);
        assertThat(cluster.createAttempts.get()).isEqualTo(300);

        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        assertThat(cluster.createAttempts.get()).isEqualTo(300);
        assertThat(expectations.satisfied(uid)).isTrue();
    }

    @Test
    void podsCarryTheirTemplateGenerationAsUpstreamDoesOnePerTemplateChange() {
        addNodes(2);
        reconciler.process(key);
        assertThat(cluster.created)
                .extracting(p -> p.getMetadata().getLabels().get("pod-template-generation"))
                .containsOnly("1");
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        cluster.created.clear();

        DaemonSet ds = cluster.daemonSets.get("default/agent");
        ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example/agent:2.0");
        ds.getMetadata().setGeneration(2L);
        cluster.nodes.add(node("node-3"));
        reconciler.process(key);
        assertThat(cluster.created)
                .extracting(p -> p.getMetadata().getLabels().get("pod-template-generation"))
                .containsOnly("2");
        assertThat(ds.getMetadata().getAnnotations()).containsEntry("deprecated.daemonset.template.generation", "2");
    }

    @Test
    void createsRefusedBecauseTheNamespaceIsBeingDeletedAreNeitherFailuresNorWarnings() {
        addNodes(3);
        cluster.namespaceTerminating = true;

        reconciler.process(key);

        assertThat(cluster.createAttempts.get()).as("tried").isPositive();
        assertThat(cluster.events).noneSatisfy(e -> assertThat(e.reason()).isEqualTo("FailedCreate"));
        assertThat(expectations.satisfied(uid)).as("nothing awaited").isTrue();
    }

    @Test
    void aTemplateChangedOnlyByDefaultsSpelledOutRollsNothing() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        String revision = cluster.daemonSets.get("default/agent").getStatus().getUpdateRevision();

        DaemonSet ds = cluster.daemonSets.get("default/agent");
        var container = ds.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.setImagePullPolicy("IfNotPresent");
        container.setTerminationMessagePolicy("File");
        ds.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
        ds.getMetadata().setGeneration(2L);
        reconciler.process(key);
        reconciler.process(key);

        assertThat(cluster.deleted).as("no pod restarted").isEmpty();
        assertThat(cluster.revisions).as("no new revision").hasSize(1);
        assertThat(cluster.daemonSets.get("default/agent").getStatus().getUpdateRevision())
                .isEqualTo(revision);
        assertThat(cluster.daemonSets.get("default/agent").getStatus().getUpdatedNumberScheduled())
                .isEqualTo(3);
    }

    /** As upstream's dedupCurHistories: the pods move to the revision kept, and no pod restarts. */
    @Test
    void twoRevisionsOfTheSameTemplateBecomeOneAndTheirPodsAreNotRestarted() {
        addNodes(3);
        DaemonSet ds = cluster.daemonSets.get("default/agent");
        cluster.create(
                dev.daemonset.operator.pods.Revisions.snapshot(ds, ds.getSpec().getTemplate(), "dup", 1));
        cluster.create(
                dev.daemonset.operator.pods.Revisions.snapshot(ds, ds.getSpec().getTemplate(), "kept", 2));
        for (int i = 1; i <= 3; i++) {
            cluster.pods.add(Fixtures.ready(Fixtures.daemonPod(ds, "node-" + i, "dup", i), Fixtures.T0));
        }

        assertThat(reconciler.process(key))
                .as("plans again once the cache shows the move")
                .isEqualTo(dev.daemonset.operator.plan.SyncPlanner.RELABEL_SETTLE);
        assertThat(cluster.relabelled).hasSize(3);
        assertThat(cluster.pods)
                .extracting(p -> p.getMetadata().getLabels().get("controller-revision-hash"))
                .containsOnly("kept");
        assertThat(cluster.revisions).containsOnlyKeys("agent-kept");

        reconciler.process(key);
        assertThat(cluster.deleted).as("no pod restarted").isEmpty();
        assertThat(cluster.createAttempts.get()).isZero();
        assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(3);
    }

    @Test
    void aJoinedNodeGetsItsPodBeforeTheFullSync() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        int statusWrites = cluster.statusWrites.size();
        cluster.nodes.add(node("node-4"));
        joined.add(uid, "node-4");

        assertThat(reconciler.process(key)).as("the full sync follows shortly").isEqualTo(Operator.COALESCE);
        assertThat(cluster.created).extracting(PodTargets::targetNode).containsExactly("node-4");
        assertThat(cluster.statusWrites).hasSize(statusWrites);

        reconciler.process(key);
        assertThat(cluster.createAttempts.get())
                .as("the full sync sees the create under way")
                .isEqualTo(4);
    }

    @Test
    void aJoinedNodeWhosePodFailsIsRetriedByTheFullSync() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        cluster.nodes.add(node("node-4"));
        joined.add(uid, "node-4");
        cluster.createFails = attempt -> attempt == 4;

        reconciler.process(key);
        assertThat(retried).as("the failed create asks for a retry").containsExactly(key);
        assertThat(cluster.events).anySatisfy(e -> assertThat(e.reason()).isEqualTo("FailedCreate"));

        reconciler.process(key);
        assertThat(cluster.created).extracting(PodTargets::targetNode).containsOnlyOnce("node-4");
    }

    @Test
    void nodesJoiningAtOnceGetAtMostOneBurstOfCreatesAheadOfTheFullSyncWhichCreatesTheRest() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        for (int i = 4; i <= 303; i++) {
            cluster.nodes.add(node("node-" + i));
            joined.add(uid, "node-" + i);
        }

        reconciler.process(key);
        assertThat(cluster.createAttempts.get() - 3)
                .as("creates for 300 joined nodes, ahead of the full sync")
                .isEqualTo(BURST);
        reconciler.process(key);
        assertThat(cluster.created)
                .as("the joined nodes' pods, each once")
                .extracting(PodTargets::targetNode)
                .doesNotHaveDuplicates()
                .hasSize(300);
    }

    @Test
    void nodesJoiningAtOnceStopGettingCreatesAfterTheFirstFails() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        for (int i = 4; i <= 23; i++) {
            cluster.nodes.add(node("node-" + i));
            joined.add(uid, "node-" + i);
        }
        cluster.createFails = attempt -> attempt > 3;

        reconciler.process(key);
        assertThat(cluster.createAttempts.get() - 3)
                .as("a template that fails is not sent 20 times")
                .isEqualTo(1);
        assertThat(retried).as("the full sync is asked for once").containsExactly(key);
        assertThat(expectations.satisfied(uid))
                .as("the creates never sent are not awaited")
                .isTrue();
    }

    @Test
    void anOrphanWhoseAdoptionConflictsGetsNoSecondPodBesideItAndNothingElseIsWritten() {
        addNodes(2);
        Pod orphan = Fixtures.daemonPod(cluster.daemonSets.get("default/agent"), "node-1", "h0", 0);
        orphan.getMetadata().setOwnerReferences(null);
        cluster.pods.add(orphan);
        cluster.ownerChangesConflict = true;

        assertThatThrownBy(() -> reconciler.process(key))
                .isInstanceOf(DaemonSetReconciler.SyncFailedException.class)
                .hasMessageContaining("could not adopt pod")
                .hasMessageContaining("Precondition failed");
        assertThat(cluster.createAttempts.get())
                .as("neither node-1 beside its orphan nor node-2")
                .isZero();
        assertThat(cluster.statusWrites).isEmpty();

        cluster.ownerChangesConflict = false;
        reconciler.process(key);
        assertThat(orphan.getMetadata().getOwnerReferences())
                .extracting(r -> r.getUid())
                .containsExactly(
                        cluster.daemonSets.get("default/agent").getMetadata().getUid());
        assertThat(cluster.created).extracting(PodTargets::targetNode).containsExactly("node-2");
    }

    @Test
    void aDaemonSetThatTheApiServerSaysIsBeingDeletedAdoptsNothingAndCreatesNothing() {
        addNodes(1);
        Pod orphan = Fixtures.daemonPod(cluster.daemonSets.get("default/agent"), "node-1", "h0", 0);
        orphan.getMetadata().setOwnerReferences(null);
        cluster.pods.add(orphan);
        List<String> asked = new java.util.ArrayList<>();
        DaemonSetReconciler guarded = reconcilerWith(ds -> {
            asked.add(ds.getMetadata().getName());
            return "default/agent has just been deleted at 2026-01-01T01:00:00Z";
        });

        assertThatThrownBy(() -> guarded.process(key))
                .isInstanceOf(DaemonSetReconciler.SyncFailedException.class)
                .hasMessageContaining("has just been deleted");
        assertThat(asked).as("asked once, before the first adoption").containsExactly("agent");
        assertThat(orphan.getMetadata().getOwnerReferences())
                .as("the orphan stays an orphan")
                .isNullOrEmpty();
        assertThat(cluster.createAttempts.get()).isZero();
    }

    @Test
    void aJoinedNodeThatHasAPodOrACreateUnderWayGetsNoOther() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        reconciler.process(key);
        joined.add(uid, "node-2");

        reconciler.process(key);

        assertThat(cluster.createAttempts.get()).isEqualTo(3);
    }

    @Test
    void aDaemonSetNotYetSyncedAtItsGenerationTakesTheFullSync() {
        addNodes(2);
        joined.add(uid, "node-1");

        assertThat(reconciler.process(key)).isNotEqualTo(Operator.COALESCE);
        assertThat(cluster.createAttempts.get()).isEqualTo(2);
    }

    @Test
    void nothingIsCreatedWhileADeletionIsUnobserved() {
        addNodes(2);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        expectations.expect(uid, List.of(), Set.of("some-pod-uid"));
        cluster.nodes.add(node("node-3"));

        reconciler.process(key);

        assertThat(cluster.createAttempts.get()).isEqualTo(2);
    }

    @Test
    void creationsObservedAfterTheSyncReadItsPodsDoNotLetItCreateAgain() {
        addNodes(3);
        reconciler.process(key);
        assertThat(cluster.created).hasSize(3);
        cluster.afterPodsRead = () -> cluster.observeCreated().forEach(p -> expectations.creationObserved(uid));

        reconciler.process(key);

        assertThat(cluster.createAttempts.get())
                .as("no second pod for nodes whose pods the sync did not see")
                .isEqualTo(3);
    }

    @Test
    void aRejectedTemplateCostsOneRequestPerSyncNotOnePerNode() {
        addNodes(100);
        cluster.createFails = attempt -> true;

        assertThatThrownBy(() -> reconciler.process(key)).hasMessageContaining("exceeded quota");
        assertThat(cluster.createAttempts.get()).isEqualTo(1);
        assertThat(cluster.events).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("FailedCreate");
            assertThat(e.warning()).isTrue();
            assertThat(e.message()).contains("exceeded quota");
        });
        assertThat(expectations.satisfied(uid))
                .as("skipped creates are not expected")
                .isTrue();

        assertThatThrownBy(() -> reconciler.process(key)).isInstanceOf(RuntimeException.class);
        assertThat(cluster.createAttempts.get()).isEqualTo(2);
    }

    @Test
    void slowStartDoublesBatchesUntilOneFails() {
        addNodes(100);
        cluster.createFails = attempt -> attempt > 3;

        assertThatThrownBy(() -> reconciler.process(key)).isInstanceOf(RuntimeException.class);
        // batches 1 and 2 succeed, the batch of 4 fails, the remaining 93 are skipped
        assertThat(cluster.createAttempts.get()).isEqualTo(7);
        assertThat(cluster.created).hasSize(3);
    }

    @Test
    void afterABurstThatAllSucceededTheNextStartsAtFullParallelismUntilOneFails() {
        addNodes(300);
        reconciler.process(key);
        assertThat(cluster.created).hasSize(BURST);
        cluster.createFails = attempt -> attempt > BURST + 5;

        assertThatThrownBy(() -> reconciler.process(key)).isInstanceOf(RuntimeException.class);
        // 16 start at once; the 5 successes are seen first and each lets one more start; then the first failure
        assertThat(cluster.createAttempts.get())
                .as("16 in flight from the start")
                .isEqualTo(BURST + 21);

        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid, PodTargets.targetNode(p)));
        assertThatThrownBy(() -> reconciler.process(key)).isInstanceOf(RuntimeException.class);
        assertThat(cluster.createAttempts.get())
                .as("after a failure, one probe again")
                .isEqualTo(BURST + 22);
    }

    @Test
    void invalidSpecWritesOnlyAConditionAndOnce() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid));
        cluster.daemonSets.get("default/agent").getSpec().setSelector(new LabelSelector());
        cluster.daemonSets.get("default/agent").getMetadata().setGeneration(2L);
        int statusWritesBefore = cluster.statusWrites.size();

        reconciler.process(key);
        reconciler.process(key);

        assertThat(cluster.deleted).isEmpty();
        assertThat(cluster.createAttempts.get()).isEqualTo(3);
        assertThat(cluster.statusWrites).hasSize(statusWritesBefore + 1);
        assertThat(cluster.events).extracting(e -> e.reason()).contains("SelectingAll", "InvalidSpec");
    }

    @Test
    void aChangedSelectorIsRefusedUntilRestoredAndNoPodIsTouched() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid));
        reconciler.process(key);
        DaemonSet ds = cluster.daemonSets.get("default/agent");
        ds.getSpec().getSelector().setMatchLabels(Map.of("app", "agent", "tier", "node"));
        ds.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "agent", "tier", "node"));
        ds.getMetadata().setGeneration(2L);

        reconciler.process(key);

        assertThat(cluster.deleted).isEmpty();
        assertThat(cluster.createAttempts.get()).isEqualTo(3);
        assertThat(cluster.events).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("InvalidSpec");
            assertThat(e.warning()).isTrue();
            assertThat(e.message())
                    .startsWith("spec.selector: Invalid value: \"app=agent,tier=node\": field is immutable")
                    .contains("it was \"app=agent\"");
        });
        assertThat(invalidSpecCondition()).isNotNull();

        ds.getSpec().getSelector().setMatchLabels(Map.of("app", "agent"));
        reconciler.process(key);
        assertThat(invalidSpecCondition())
                .as("cleared once the selector is restored")
                .isNull();
    }

    @Test
    void unchangedStatusIsNotWrittenAgain() {
        addNodes(3);
        reconciler.process(key);
        cluster.observeCreated().forEach(p -> expectations.creationObserved(uid));
        reconciler.process(key);
        int writes = cluster.statusWrites.size();

        reconciler.process(key);
        reconciler.process(key);

        assertThat(cluster.statusWrites).hasSize(writes);
        assertThat(cluster.daemonSets.get("default/agent").getStatus().getCurrentNumberScheduled())
                .isEqualTo(3);
    }

    @Test
    void whileExpectationsAreUnmetStatusIsRefreshedButObservedGenerationIsNotRaised() {
        addNodes(3);
        cluster.daemonSets.get("default/agent").getMetadata().setGeneration(4L);
        reconciler.process(key);
        assertThat(cluster.statusWrites).isNotEmpty();
        assertThat(cluster.statusWrites.get(cluster.statusWrites.size() - 1).getObservedGeneration())
                .as("generation 4 is observed once its writes are seen")
                .isEqualTo(4L);

        cluster.daemonSets.get("default/agent").getMetadata().setGeneration(5L);
        cluster.nodes.add(node("late"));
        reconciler.process(key);
        assertThat(cluster.daemonSets.get("default/agent").getStatus().getObservedGeneration())
                .isEqualTo(4L);
    }

    @Test
    void aTimedOutCreateThatNeverHappenedIsRetriedWhenTheSettlePeriodEndsWithoutAnyOtherEvent() {
        MutableClock time = new MutableClock(clock.instant());
        Expectations<String> waiting = new Expectations<>(time, Expectations.DEFAULT_TTL);
        FailedPodBackoff backoff = new FailedPodBackoff();
        DaemonSetReconciler withTime = TestReconcilers.of(
                cluster,
                waiting,
                backoff,
                new PlanExecutor(cluster, cluster, waiting, backoff, new DirectExecutorService(), 16, time, BURST),
                time,
                new JoinedNodes(),
                k -> {});
        addNodes(1);
        cluster.createTimesOut = attempt -> attempt == 1;

        assertThatThrownBy(() -> withTime.process(key)).hasMessageContaining("timeout");
        java.time.Duration comeBack = withTime.process(key);
        assertThat(cluster.createAttempts.get())
                .as("no second create while the first may still show up")
                .isEqualTo(1);
        assertThat(comeBack)
                .as("the sync asks to come back when the settle period ends")
                .isNotNull()
                .isBetween(Expectations.DEFAULT_SETTLE, Expectations.DEFAULT_SETTLE.plusSeconds(1));

        time.advance(comeBack);
        withTime.process(key);
        assertThat(cluster.created).as("the lost create is made again").hasSize(1);
    }

    @Test
    void aCreateObservedWhileTheSyncReadsTheCacheDoesNotGetItsNodeASecondPod() {
        addNodes(2);
        reconciler.process(key);
        assertThat(cluster.created).hasSize(2);
        // the informer delivers the new pods just after the next sync has read the pods, before it plans
        cluster.afterPodsRead = () -> {
            cluster.afterPodsRead = () -> {};
            cluster.observeCreated().forEach(p -> expectations.creationObserved(uid));
        };

        reconciler.process(key);
        reconciler.process(key);

        assertThat(cluster.createAttempts.get())
                .as("creates: one per node, never a second")
                .isEqualTo(2);
    }

    @Test
    void aDaemonSetCreatedAgainUnderTheSameNameDoesNotWaitForItsPredecessorsWrites() {
        addNodes(3);
        reconciler.process(key);
        assertThat(expectations.satisfied(uid))
                .as("the first one's creates are not seen yet")
                .isFalse();
        DaemonSet again = daemonSet("agent");
        again.getMetadata().setUid("uid-of-the-second-agent");
        cluster.daemonSets.put("default/agent", again);
        cluster.created.clear();

        reconciler.process(key);

        assertThat(cluster.created)
                .as("awaited writes are kept per UID, not per name")
                .extracting(PodTargets::targetNode)
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");
    }

    private DaemonSetCondition invalidSpecCondition() {
        return Conditions.find(
                cluster.daemonSets.get("default/agent").getStatus().getConditions(), "InvalidSpec");
    }

    private void addNodes(int n) {
        IntStream.rangeClosed(1, n).forEach(i -> cluster.nodes.add(node("node-" + i)));
    }
}
