package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
    private static final DaemonSet DS = daemonSet("agent");
    private static final Eligibility RUN = new Eligibility(true, true, List.of());
    private static final Eligibility NOT_HERE = new Eligibility(false, false, List.of("nodeSelector"));
    private static final Instant NOW = T0.plusSeconds(100);

    @Test
    void countsAsKubectlShowsThem() {
        Pod readyNew = ready(daemonPod(DS, "n1", "new", 1), T0);
        Pod readyOld = ready(daemonPod(DS, "n2", "old", 1), T0);
        Pod pending = daemonPod(DS, "n3", "new", 1);
        Pod misscheduled = ready(daemonPod(DS, "n5", "new", 1), T0);
        List<NodeVerdict> nodes = List.of(
                new NodeVerdict("n1", RUN),
                new NodeVerdict("n2", RUN),
                new NodeVerdict("n3", RUN),
                new NodeVerdict("n4", RUN),
                new NodeVerdict("n5", NOT_HERE));

        DaemonSetStatus s = compute(nodes, List.of(readyNew, readyOld, pending, misscheduled), 0)
                .status();

        assertThat(s.getDesiredNumberScheduled()).isEqualTo(4);
        assertThat(s.getCurrentNumberScheduled()).isEqualTo(3);
        assertThat(s.getNumberMisscheduled()).isEqualTo(1);
        assertThat(s.getNumberReady()).isEqualTo(2);
        assertThat(s.getNumberAvailable()).isEqualTo(2);
        assertThat(s.getNumberUnavailable()).isEqualTo(2);
        assertThat(s.getUpdatedNumberScheduled()).isEqualTo(2);
        assertThat(s.getObservedGeneration()).isEqualTo(7L);
    }

    @Test
    void duplicatesOnANodeCountOnceByTheOldestPod() {
        Pod oldestNotReady = daemonPod(DS, "n1", "new", 1);
        Pod youngerReady = ready(daemonPod(DS, "n1", "new", 2), T0);
        DaemonSetStatus s = compute(List.of(new NodeVerdict("n1", RUN)), List.of(youngerReady, oldestNotReady), 0)
                .status();
        assertThat(s.getCurrentNumberScheduled()).isEqualTo(1);
        assertThat(s.getNumberReady()).isZero();
    }

    @Test
    void readyButNotYetAvailableAsksToLookAgainWhenItWillBe() {
        Pod readyRecently = ready(daemonPod(DS, "n1", "new", 1), NOW.minusSeconds(4));
        StatusCalculator.Result r = compute(List.of(new NodeVerdict("n1", RUN)), List.of(readyRecently), 10);
        assertThat(r.status().getNumberReady()).isEqualTo(1);
        assertThat(r.status().getNumberAvailable()).isZero();
        assertThat(r.requeueAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void keepsConditionsItWasGiven() {
        DaemonSetCondition foreign =
                new DaemonSetCondition("Audited", "True", "Manual", "set by a person", T0.toString(), null);
        DaemonSetStatus s = StatusCalculator.compute(new StatusCalculator.Input(
                        List.of(), java.util.Map.of(), "h", 0, NOW, null, 1L, List.of(foreign)))
                .status();
        assertThat(s.getConditions()).containsExactly(foreign);
    }

    @Test
    void equalInputsGiveEqualStatusSoNoWriteIsNeeded() {
        Pod p = ready(daemonPod(DS, "n1", "new", 1), T0);
        List<NodeVerdict> nodes = List.of(new NodeVerdict("n1", RUN));
        assertThat(compute(nodes, List.of(p), 0).status())
                .isEqualTo(compute(nodes, List.of(p), 0).status());
    }

    private static StatusCalculator.Result compute(List<NodeVerdict> nodes, List<Pod> pods, int minReady) {
        return StatusCalculator.compute(new StatusCalculator.Input(
                nodes, PodTargets.byNode(new java.util.ArrayList<>(pods)), "new", minReady, NOW, null, 7L, List.of()));
    }
}
