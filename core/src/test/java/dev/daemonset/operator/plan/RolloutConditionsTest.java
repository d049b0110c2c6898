package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSetCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutConditionsTest {
    private static final List<String> STUCK = List.of("node-1 (pod agent-x ErrImagePull)");

    @Test
    void inProgressRolloutSaysHowFarItIsAndWhenToLookForAStall() {
        RolloutConditions.Result r = compute(rolling(1, 3, 2, STUCK, List.of(), T0));
        assertThat(find(r, "RolloutProgressing")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).isEqualTo("1 of 3 pods updated, 2 available");
        });
        assertThat(find(r, "RolloutComplete").getStatus()).isEqualTo("False");
        assertThat(find(r, "RolloutStalled")).isNull();
        assertThat(r.requeueAfter()).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void noProgressForTheDeadlineIsAStallNamingNodesAndReasons() {
        List<DaemonSetCondition> before =
                compute(rolling(1, 3, 2, STUCK, List.of(), T0)).conditions();
        RolloutConditions.Result early = compute(rolling(1, 3, 2, STUCK, before, T0.plusSeconds(59)));
        assertThat(find(early, "RolloutStalled")).isNull();

        RolloutConditions.Result late = compute(rolling(1, 3, 2, STUCK, early.conditions(), T0.plusSeconds(60)));
        assertThat(find(late, "RolloutStalled")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(c.getMessage())
                    .contains("no progress for 60s")
                    .contains("node-1")
                    .contains("ErrImagePull");
        });
        RolloutConditions.Result later = compute(rolling(1, 3, 2, STUCK, late.conditions(), T0.plusSeconds(61)));
        assertThat(find(later, "RolloutStalled").getStatus())
                .as("stays stalled")
                .isEqualTo("True");
    }

    @Test
    void progressClearsTheStall() {
        List<DaemonSetCondition> stalled = compute(rolling(
                        1,
                        3,
                        2,
                        STUCK,
                        compute(rolling(1, 3, 2, STUCK, List.of(), T0)).conditions(),
                        T0.plusSeconds(100)))
                .conditions();
        RolloutConditions.Result moved = compute(rolling(2, 3, 2, STUCK, stalled, T0.plusSeconds(101)));
        assertThat(find(moved, "RolloutStalled").getStatus()).isEqualTo("False");
        assertThat(find(moved, "RolloutProgressing").getMessage()).startsWith("2 of 3");
    }

    @Test
    void finishedRolloutIsCompleteAndNotProgressing() {
        RolloutConditions.Result r = compute(rolling(3, 3, 3, List.of(), List.of(), T0));
        assertThat(find(r, "RolloutComplete").getStatus()).isEqualTo("True");
        assertThat(find(r, "RolloutProgressing").getStatus()).isEqualTo("False");
        assertThat(r.requeueAfter()).isNull();
    }

    @Test
    void pausedRolloutIsNeverStalled() {
        RolloutConditions.Input paused =
                new RolloutConditions.Input(true, true, 3, 1, 3, 3, 0, STUCK, 60, List.of(), T0);
        RolloutConditions.Result first = compute(paused);
        RolloutConditions.Result much_later = compute(new RolloutConditions.Input(
                true, true, 3, 1, 3, 3, 0, STUCK, 60, first.conditions(), T0.plusSeconds(3600)));
        assertThat(find(much_later, "RolloutPaused").getStatus()).isEqualTo("True");
        assertThat(find(much_later, "RolloutStalled")).isNull();
        assertThat(find(much_later, "RolloutProgressing").getReason()).isEqualTo("Paused");
    }

    @Test
    void partitionIsPartOfTheStory() {
        RolloutConditions.Result r =
                compute(new RolloutConditions.Input(true, false, 3, 1, 3, 1, 2, List.of(), 60, List.of(), T0));
        assertThat(find(r, "RolloutComplete").getStatus()).isEqualTo("True");
        assertThat(find(r, "RolloutComplete").getMessage()).contains("partition keeps 2 on the old revision");
    }

    @Test
    void onDeleteIsCompleteOnlyOnceEveryPodRunsTheNewTemplate() {
        RolloutConditions.Result waiting = compute(onDelete(0, 3, 3, List.of(), T0));
        assertThat(find(waiting, "RolloutComplete").getStatus()).isEqualTo("False");
        assertThat(find(waiting, "RolloutProgressing")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("OnDelete");
            assertThat(c.getMessage())
                    .isEqualTo("0 of 3 pods updated, 3 available; OnDelete replaces a pod when it is deleted");
        });
        RolloutConditions.Result hours = compute(onDelete(0, 3, 3, waiting.conditions(), T0.plusSeconds(3600)));
        assertThat(find(hours, "RolloutStalled"))
                .as("waiting for the user is not a stall")
                .isNull();

        RolloutConditions.Result done = compute(onDelete(3, 3, 3, hours.conditions(), T0.plusSeconds(3601)));
        assertThat(find(done, "RolloutComplete").getStatus()).isEqualTo("True");
        assertThat(find(done, "RolloutProgressing").getReason()).isEqualTo("Complete");
    }

    @Test
    void conditionsOwnedByOthersSurvive() {
        DaemonSetCondition theirs = new DaemonSetCondition("Audited", "True", "Manual", "ok", T0.toString(), null);
        RolloutConditions.Result r = compute(rolling(1, 3, 2, STUCK, List.of(theirs), T0));
        assertThat(r.conditions()).contains(theirs);
    }

    private static RolloutConditions.Input rolling(
            int updated,
            int desired,
            int available,
            List<String> pending,
            List<DaemonSetCondition> previous,
            Instant now) {
        return new RolloutConditions.Input(
                true, false, desired, updated, available, desired, 0, pending, 60, previous, now);
    }

    /** OnDelete has no update set: the planner reports no nodes and no pending problems. */
    private static RolloutConditions.Input onDelete(
            int updated, int desired, int available, List<DaemonSetCondition> previous, Instant now) {
        return new RolloutConditions.Input(
                false, false, desired, updated, available, 0, 0, List.of(), 60, previous, now);
    }

    private static RolloutConditions.Result compute(RolloutConditions.Input in) {
        return RolloutConditions.compute(in);
    }

    private static DaemonSetCondition find(RolloutConditions.Result r, String type) {
        return Conditions.find(r.conditions(), type);
    }
}
