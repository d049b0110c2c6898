package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.deleting;
import static dev.daemonset.operator.testing.Fixtures.phase;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static dev.daemonset.operator.testing.Fixtures.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManagePlannerTest {
    private static final DaemonSet DS = daemonSet("agent");
    private static final String NEW = "newhash";
    private static final String OLD = "oldhash";
    private static final Instant NOW = T0.plusSeconds(3600);

    private static final Eligibility RUN = new Eligibility(true, true, List.of());
    private static final Eligibility NO_NEW_PODS =
            new Eligibility(false, true, List.of("taint x:NoSchedule is not tolerated"));
    private static final Eligibility EVICT =
            new Eligibility(false, false, List.of("taint x:NoExecute is not tolerated"));

    record Row(
            String name,
            Eligibility eligibility,
            List<Pod> pods,
            boolean surge,
            List<String> creates,
            List<String> deletes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        Pod a = daemonPod(DS, "n1", NEW, 10);
        Pod b = daemonPod(DS, "n1", NEW, 20);
        Pod unsched = unscheduled(daemonPod(DS, "n1", NEW, 5));
        Pod failed = phase(daemonPod(DS, "n1", NEW, 10), "Failed");
        Pod succeeded = phase(daemonPod(DS, "n1", NEW, 10), "Succeeded");
        Pod gone = deleting(daemonPod(DS, "n1", NEW, 10));
        Pod oldReady = ready(daemonPod(DS, "n1", OLD, 10), T0);
        Pod oldNotReady = daemonPod(DS, "n1", OLD, 10);
        Pod newAvailable = ready(daemonPod(DS, "n1", NEW, 30), T0.plusSeconds(40));
        Pod newNotReady = daemonPod(DS, "n1", NEW, 30);
        return Stream.of(
                new Row("eligible node without a pod gets one", RUN, List.of(), false, List.of("n1"), List.of()),
                new Row("eligible node with a pod: nothing", RUN, List.of(a), false, List.of(), List.of()),
                new Row(
                        "duplicates: keep the oldest",
                        RUN,
                        List.of(a, b),
                        false,
                        List.of(),
                        List.of(b.getMetadata().getName())),
                new Row(
                        "duplicates: keep the scheduled over an older unscheduled",
                        RUN,
                        List.of(a, unsched),
                        false,
                        List.of(),
                        List.of(unsched.getMetadata().getName())),
                new Row(
                        "failed pod is deleted, no create in the same sync",
                        RUN,
                        List.of(failed),
                        false,
                        List.of(),
                        List.of(failed.getMetadata().getName())),
                new Row(
                        "succeeded pod is deleted",
                        RUN,
                        List.of(succeeded),
                        false,
                        List.of(),
                        List.of(succeeded.getMetadata().getName())),
                new Row("pod being deleted blocks a replacement", RUN, List.of(gone), false, List.of(), List.of()),
                new Row("NoSchedule taint: running pod stays", NO_NEW_PODS, List.of(a), false, List.of(), List.of()),
                new Row("NoSchedule taint: no new pod", NO_NEW_PODS, List.of(), false, List.of(), List.of()),
                new Row(
                        "NoExecute taint: pod evicted",
                        EVICT,
                        List.of(a),
                        false,
                        List.of(),
                        List.of(a.getMetadata().getName())),
                new Row(
                        "ineligible: pod being deleted is not deleted twice",
                        EVICT,
                        List.of(gone),
                        false,
                        List.of(),
                        List.of()),
                new Row(
                        "surge: old ready, new not yet available: keep both",
                        RUN,
                        List.of(oldReady, newNotReady),
                        true,
                        List.of(),
                        List.of()),
                new Row(
                        "surge: new available: old retired",
                        RUN,
                        List.of(oldReady, newAvailable),
                        true,
                        List.of(),
                        List.of(oldReady.getMetadata().getName())),
                new Row(
                        "surge: old not ready: old deleted at once",
                        RUN,
                        List.of(oldNotReady, newNotReady),
                        true,
                        List.of(),
                        List.of(oldNotReady.getMetadata().getName())),
                new Row("surge: only a deleting pod left: create", RUN, List.of(gone), true, List.of("n1"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plansPerNode(Row row) {
        List<Pod> pods = new ArrayList<>(row.pods());
        ManagePlan plan = ManagePlanner.plan(input(
                List.of(new NodeVerdict("n1", row.eligibility())),
                PodTargets.byNode(pods),
                row.surge(),
                FailedPodBackoffView.NONE));
        assertThat(plan.nodesNeedingPods()).containsExactlyElementsOf(row.creates());
        assertThat(plan.podsToDelete())
                .extracting(PodDeletion::name)
                .containsExactlyInAnyOrderElementsOf(row.deletes());
    }

    @Test
    void failedPodInBackoffIsKeptAndTheDaemonSetLooksAgainWhenTheWindowEnds() {
        Pod failed = phase(daemonPod(DS, "n1", NEW, 10), "Failed");
        FailedPodBackoffView inBackoff = (node, now) -> node.equals("n1") ? Duration.ofSeconds(8) : null;
        ManagePlan plan = ManagePlanner.plan(
                input(List.of(new NodeVerdict("n1", RUN)), PodTargets.byNode(List.of(failed)), false, inBackoff));
        assertThat(plan.podsToDelete()).isEmpty();
        assertThat(plan.nodesNeedingPods()).isEmpty();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void failedPodDeletionAdvancesBackoffAndWarns() {
        Pod failed = phase(daemonPod(DS, "n1", NEW, 10), "Failed");
        ManagePlan plan = ManagePlanner.plan(input(
                List.of(new NodeVerdict("n1", RUN)),
                PodTargets.byNode(List.of(failed)),
                false,
                FailedPodBackoffView.NONE));
        assertThat(plan.failedPodBackoffNodes()).containsExactly("n1");
        assertThat(plan.events()).singleElement().satisfies(e -> {
            assertThat(e.warning()).isTrue();
            assertThat(e.reason()).isEqualTo("FailedDaemonPod");
            assertThat(e.message()).contains(failed.getMetadata().getName()).contains("n1");
        });
    }

    @Test
    void unscheduledPodForAVanishedNodeIsDeletedButAScheduledOneIsLeftToPodGc() {
        Pod pinned = unscheduled(daemonPod(DS, "vanished", NEW, 1));
        Pod bound = daemonPod(DS, "vanished-too", NEW, 1);
        ManagePlan plan = ManagePlanner.plan(input(
                List.of(new NodeVerdict("n1", RUN)),
                PodTargets.byNode(List.of(pinned, bound)),
                false,
                FailedPodBackoffView.NONE));
        assertThat(plan.podsToDelete())
                .extracting(PodDeletion::name)
                .containsExactly(pinned.getMetadata().getName());
        assertThat(plan.nodesNeedingPods()).containsExactly("n1");
    }

    @Test
    void fiveEligibleNodesGetFivePodsAndIneligibleOnesNone() {
        List<NodeVerdict> nodes = Stream.of("a", "b", "c", "d", "e", "cp")
                .map(n -> new NodeVerdict(n, n.equals("cp") ? NO_NEW_PODS : RUN))
                .toList();
        ManagePlan plan = ManagePlanner.plan(input(nodes, Map.of(), false, FailedPodBackoffView.NONE));
        assertThat(plan.nodesNeedingPods()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void podsAreNeverMutated() {
        Pod a = daemonPod(DS, "n1", NEW, 10);
        Pod b = daemonPod(DS, "n1", NEW, 20);
        String before = a.toString() + b;
        ManagePlanner.plan(input(
                List.of(new NodeVerdict("n1", EVICT)),
                PodTargets.byNode(List.of(a, b)),
                false,
                FailedPodBackoffView.NONE));
        assertThat(a.toString() + b).isEqualTo(before);
    }

    private static ManagePlanner.Input input(
            List<NodeVerdict> nodes, Map<String, List<Pod>> pods, boolean surge, FailedPodBackoffView backoff) {
        return new ManagePlanner.Input("default", nodes, pods, NEW, surge, 0, backoff, NOW);
    }
}
