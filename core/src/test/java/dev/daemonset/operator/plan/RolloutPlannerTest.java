package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.deleting;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The upstream rolling-update scenarios (update_test.go), walked step by step: each step plans,
 * applies the plan the way manage and the kubelet would, and checks what changed.
 */
class RolloutPlannerTest {
    private static final String OLD = "old";
    private static final String NEW = "new";
    private static final Instant NOW = T0.plusSeconds(3600);
    private static final Eligibility RUN = new Eligibility(true, true, List.of());

    /** A tiny cluster: node name -> its pods, plus the DaemonSet's rollout settings. */
    private static final class World {
        final DaemonSet ds = daemonSet("agent");
        final Map<String, List<Pod>> pods = new LinkedHashMap<>();
        final Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        final Map<String, Eligibility> eligibility = new LinkedHashMap<>();
        int created;

        World(int nodes) {
            for (int i = 1; i <= nodes; i++) {
                String node = "node-" + i;
                pods.put(node, new ArrayList<>(List.of(ready(daemonPod(ds, node, OLD, i), T0))));
                labels.put(node, Map.of("zone", i <= 2 ? "a" : "b"));
            }
        }

        World rolling(Consumer<RollingUpdateDaemonSet> settings) {
            DaemonSetUpdateStrategy s = new DaemonSetUpdateStrategy();
            s.setType(UpdateStrategyType.RollingUpdate);
            RollingUpdateDaemonSet ru = new RollingUpdateDaemonSet();
            settings.accept(ru);
            s.setRollingUpdate(ru);
            ds.getSpec().setUpdateStrategy(s);
            return this;
        }

        RolloutPlan plan() {
            List<NodeVerdict> verdicts = new ArrayList<>();
            pods.keySet()
                    .forEach(n -> verdicts.add(new NodeVerdict(n, eligibility.getOrDefault(n, RUN), labels.get(n))));
            Map<String, List<Pod>> copy = new LinkedHashMap<>();
            pods.forEach((n, ps) -> copy.put(n, new ArrayList<>(ps)));
            return RolloutPlanner.plan(
                    new RolloutPlanner.Input(verdicts, copy, NEW, EffectiveSpec.of(ds.getSpec()), NOW));
        }

        /** Applies a plan: deleted pods vanish, manage creates new pods (ready or not), surge pods start. */
        List<String> step(boolean newPodsBecomeReady) {
            RolloutPlan plan = plan();
            List<String> touched = new ArrayList<>();
            for (PodDeletion d : plan.podsToDelete()) {
                String node = PodTargets.targetNode(d.pod());
                pods.get(node).remove(d.pod());
                touched.add(node);
            }
            for (String node : plan.nodesNeedingPods()) {
                pods.get(node).add(newPod(node, newPodsBecomeReady));
                touched.add(node);
            }
            pods.forEach((node, ps) -> {
                if (ps.isEmpty()) {
                    ps.add(newPod(node, newPodsBecomeReady));
                }
            });
            return touched;
        }

        Pod newPod(String node, boolean isReady) {
            Pod p = daemonPod(ds, node, NEW, 100 + created++);
            return isReady ? ready(p, T0) : p;
        }

        void markNewPodsReady() {
            pods.values().forEach(ps -> ps.replaceAll(p -> NEW.equals(ManagePlanner.revisionOf(p)) ? ready(p, T0) : p));
        }

        /** Manage's surge pruning: the old pod goes once the new one on its node is available. */
        void retireSurgedOldPods() {
            pods.values().forEach(ps -> {
                boolean newAvailable = ps.stream()
                        .anyMatch(p -> NEW.equals(ManagePlanner.revisionOf(p)) && PodConditions.isAvailable(p, 0, NOW));
                if (newAvailable) {
                    ps.removeIf(p -> !NEW.equals(ManagePlanner.revisionOf(p)));
                }
            });
        }

        long updated() {
            return pods.values().stream()
                    .filter(ps -> ps.stream().anyMatch(p -> NEW.equals(ManagePlanner.revisionOf(p))))
                    .count();
        }
    }

    @Test
    void maxUnavailableTwoOnFiveNodesReplacesTwoTwoThenOneInNodeOrder() {
        World w = new World(5).rolling(ru -> ru.setMaxUnavailable(new IntOrString(2)));
        assertThat(w.step(true)).containsExactly("node-1", "node-2");
        assertThat(w.step(true)).containsExactly("node-3", "node-4");
        assertThat(w.step(true)).containsExactly("node-5");
        assertThat(w.step(true)).isEmpty();
        assertThat(w.updated()).isEqualTo(5);
    }

    @Test
    void newPodsThatNeverBecomeReadyStopTheRolloutAtTheBudget() {
        World w = new World(5).rolling(ru -> ru.setMaxUnavailable(new IntOrString(2)));
        assertThat(w.step(false)).hasSize(2);
        assertThat(w.step(false)).isEmpty();
        assertThat(w.step(false)).isEmpty();
        assertThat(w.updated()).isEqualTo(2);
        assertThat(w.plan().pendingNodes()).containsExactly("node-1", "node-2", "node-3", "node-4", "node-5");
    }

    @Test
    void oldPodsThatAreNotReadyAreReplacedAtOnceBeyondTheBudget() {
        World w = new World(5).rolling(ru -> ru.setMaxUnavailable(new IntOrString(1)));
        w.pods.get("node-4").replaceAll(p -> daemonPod(w.ds, "node-4", OLD, 4));
        w.pods.get("node-5").replaceAll(p -> daemonPod(w.ds, "node-5", OLD, 5));
        assertThat(w.plan().podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactlyInAnyOrder("node-4", "node-5");
    }

    @Test
    void allOldPodsNotReadyAreAllReplaced() {
        World w = new World(5).rolling(ru -> ru.setMaxUnavailable(new IntOrString(1)));
        w.pods.forEach((n, ps) -> ps.replaceAll(p -> daemonPod(w.ds, n, OLD, 1)));
        assertThat(w.plan().podsToDelete()).hasSize(5);
    }

    @Test
    void noTemplateChangeMeansNothingToDo() {
        World w = new World(3).rolling(ru -> ru.setMaxUnavailable(new IntOrString(1)));
        w.pods.forEach((n, ps) -> ps.replaceAll(p -> ready(daemonPod(w.ds, n, NEW, 1), T0)));
        RolloutPlan plan = w.plan();
        assertThat(plan.podsToDelete()).isEmpty();
        assertThat(plan.nodesNeedingPods()).isEmpty();
        assertThat(plan.pendingNodes()).isEmpty();
    }

    @Test
    void percentBudgetsRoundUp() {
        World w = new World(5).rolling(ru -> ru.setMaxUnavailable(new IntOrString("30%")));
        assertThat(w.plan().budget().maxUnavailable()).isEqualTo(2);
    }

    @Test
    void podBeingDeletedCountsAgainstTheBudgetSoARestartCannotOverspend() {
        World w = new World(3).rolling(ru -> ru.setMaxUnavailable(new IntOrString(1)));
        w.pods.get("node-1").replaceAll(p -> deleting(p));
        assertThat(w.plan().podsToDelete()).isEmpty();
    }

    @Test
    void surgeStartsNewPodsBesideOldOnesAndNeverDeletesAnAvailableOldPodFirst() {
        World w = new World(4).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(0));
            ru.setMaxSurge(new IntOrString(2));
        });
        RolloutPlan first = w.plan();
        assertThat(first.nodesNeedingPods()).containsExactly("node-1", "node-2");
        assertThat(first.podsToDelete()).isEmpty();
        w.step(false);
        assertThat(w.pods.get("node-1")).hasSize(2);
        assertThat(w.plan().nodesNeedingPods())
                .as("budget spent while surge pods are not ready")
                .isEmpty();
        assertThat(w.plan().podsToDelete()).isEmpty();

        w.markNewPodsReady();
        RolloutPlan next = w.plan();
        assertThat(next.podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactlyInAnyOrder("node-1", "node-2");
        assertThat(next.nodesNeedingPods())
                .as("retiring frees the surge budget in the same pass")
                .containsExactly("node-3", "node-4");
        w.step(false);
        assertThat(w.pods.get("node-1")).hasSize(1);
        assertThat(w.pods.get("node-3")).hasSize(2);
        assertThat(w.plan().podsToDelete())
                .as("node-3's old pod stays until its new pod is available")
                .isEmpty();
    }

    /** Nothing else wakes the DaemonSet when a Ready surge pod has been Ready for minReadySeconds. */
    @Test
    void aSurgePodReadyButNotYetAvailableSaysWhenToLookAgainOneSecondPastItsMinReadySeconds() {
        World w = new World(3).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(0));
            ru.setMaxSurge(new IntOrString(1));
        });
        w.ds.getSpec().setMinReadySeconds(30);
        assertThat(w.plan().requeueAfter()).as("no update-revision pod yet").isNull();
        w.step(false);
        assertThat(w.plan().requeueAfter()).as("the surge pod is not Ready").isNull();

        w.pods.get("node-1")
                .replaceAll(p -> NEW.equals(ManagePlanner.revisionOf(p)) ? ready(p, NOW.minusSeconds(10)) : p);
        RolloutPlan waiting = w.plan();
        assertThat(waiting.podsToDelete())
                .as("the old pod stays until the new one is available")
                .isEmpty();
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(21));

        w.pods.get("node-1")
                .replaceAll(p -> NEW.equals(ManagePlanner.revisionOf(p)) ? ready(p, NOW.minusSeconds(31)) : p);
        assertThat(w.plan().podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactly("node-1");
    }

    /** An untolerated NoSchedule taint: no new pod, but the old one may stay (upstream's shouldContinueRunning). */
    private static final Eligibility SUNSET =
            new Eligibility(false, true, List.of("node(s) had untolerated taint {dedicated: infra}"));

    @Test
    void withoutSurgeTheOldPodOfANodeThatGetsNoNewPodIsRolledAwayWithinTheBudget() {
        World w = new World(3).rolling(ru -> ru.setMaxUnavailable(new IntOrString(1)));
        w.eligibility.put("node-2", SUNSET);
        assertThat(w.step(true)).as("one at a time: node-1 first").containsExactly("node-1");
        assertThat(w.step(true)).containsExactly("node-3");
        RolloutPlan last = w.plan();
        assertThat(last.podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactly("node-2");
        assertThat(last.nodesNeedingPods()).isEmpty();
    }

    @Test
    void aNodeThatGetsNoNewPodKeepsItsOldPodWhileTheRolloutIsPausedOrPartitioned() {
        World w = new World(3).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(3));
            ru.setPartition(new IntOrString(1));
        });
        w.eligibility.put("node-3", SUNSET);
        assertThat(w.plan().podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactly("node-1");
    }

    @Test
    void withSurgeAnAvailableOldPodOnANodeThatGetsNoNewPodGoesOnlyWhileEnoughOthersAreAvailable() {
        World w = new World(3).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(0));
            ru.setMaxSurge(new IntOrString(1));
        });
        w.eligibility.put("node-3", SUNSET);
        w.pods.get("node-2").replaceAll(p -> daemonPod(w.ds, "node-2", OLD, 2));
        RolloutPlan short1 = w.plan();
        assertThat(short1.nodesNeedingPods())
                .as("node-2's unavailable pod is replaced at once, none surges onto node-3")
                .containsExactly("node-2", "node-1");
        assertThat(short1.podsToDelete())
                .as("2 available (node-1, node-3) for 2 desired: node-3 must stay")
                .isEmpty();

        w.pods.get("node-2").replaceAll(p -> ready(p, T0));
        assertThat(w.plan().podsToDelete())
                .as("3 available for 2 desired")
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactly("node-3");
    }

    @Test
    void withSurgeAnUnavailableOldPodOnANodeThatGetsNoNewPodGoesAtOnce() {
        World w = new World(2).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(0));
            ru.setMaxSurge(new IntOrString(1));
        });
        w.eligibility.put("node-2", SUNSET);
        w.pods.get("node-2").replaceAll(p -> daemonPod(w.ds, "node-2", OLD, 2));
        assertThat(w.plan().podsToDelete())
                .extracting(d -> PodTargets.targetNode(d.pod()))
                .containsExactly("node-2");
    }

    @Test
    void partitionKeepsTheLastNodesInOrderOnTheOldRevision() {
        World w = new World(3).rolling(ru -> ru.setPartition(new IntOrString(2)));
        assertThat(w.step(true)).containsExactly("node-1");
        assertThat(w.step(true)).isEmpty();
        assertThat(w.updated()).isEqualTo(1);
        assertThat(w.plan().updateSet()).containsExactly("node-1");

        w.rolling(ru -> ru.setPartition(new IntOrString(1)));
        assertThat(w.step(true)).as("lowering the partition continues in order").containsExactly("node-2");
    }

    @Test
    void nodesAlreadyUpdatingComeFirstSoAPartitionMeansTheSameNodesAfterARestart() {
        World w = new World(4).rolling(ru -> ru.setPartition(new IntOrString(2)));
        w.pods.get("node-3").replaceAll(p -> ready(daemonPod(w.ds, "node-3", NEW, 9), T0));
        assertThat(w.plan().updateSet()).containsExactly("node-3", "node-1");
    }

    @Test
    void canaryNodeSelectorUpdatesOnlyMatchingNodes() {
        World w = new World(5).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(5));
            LabelSelector zoneA = new LabelSelector();
            zoneA.setMatchLabels(Map.of("zone", "a"));
            ru.setNodeSelector(zoneA);
        });
        assertThat(w.step(true)).containsExactly("node-1", "node-2");
        assertThat(w.step(true)).isEmpty();
        assertThat(w.plan().pendingNodes()).isEmpty();
    }

    @Test
    void pausedReplacesNothingButStillKnowsWhatIsPending() {
        World w = new World(3).rolling(ru -> {
            ru.setMaxUnavailable(new IntOrString(3));
            ru.setPaused(true);
        });
        RolloutPlan plan = w.plan();
        assertThat(plan.podsToDelete()).isEmpty();
        assertThat(plan.pendingNodes()).hasSize(3);
    }

    @Test
    void onDeleteReplacesNothing() {
        World w = new World(3);
        DaemonSetUpdateStrategy s = new DaemonSetUpdateStrategy();
        s.setType(UpdateStrategyType.OnDelete);
        w.ds.getSpec().setUpdateStrategy(s);
        assertThat(w.plan().podsToDelete()).isEmpty();
        assertThat(w.plan().nodesNeedingPods()).isEmpty();
    }

    @Test
    void naturalNodeOrder() {
        List<String> names = new ArrayList<>(List.of("worker-10", "worker-2", "worker-1", "a"));
        names.sort(NodeOrder.NATURAL);
        assertThat(names).containsExactly("a", "worker-1", "worker-2", "worker-10");
    }
}
