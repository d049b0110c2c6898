package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPacerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String UID = "uid-1";

    private final StatusPacer pacer = new StatusPacer(Duration.ofSeconds(1));

    @Test
    void aProgressMessageQuotingTheCountersIsPacedLikeTheCounters() {
        pacer.written(UID, T0);
        DaemonSetStatus before =
                status(3, progressing("True", "RollingUpdate", "3 of 10 pods updated, 3 available", T0));
        DaemonSetStatus after = status(
                4, progressing("True", "RollingUpdate", "4 of 10 pods updated, 4 available", T0.plusMillis(200)));

        assertThat(pacer.pacing(UID).delay(before, after, T0.plusMillis(200))).isEqualTo(Duration.ofMillis(800));
        assertThat(pacer.pacing(UID).delay(before, after, T0.plusSeconds(1))).isNull();
    }

    @Test
    void aConditionChangingStatusOrReasonIsWrittenAtOnce() {
        pacer.written(UID, T0);
        DaemonSetStatus rolling = status(9, progressing("True", "RollingUpdate", "9 of 10 pods updated", T0));

        assertThat(pacer.pacing(UID)
                        .delay(
                                rolling,
                                status(10, progressing("False", "Complete", "10 of 10 pods updated", T0)),
                                T0.plusMillis(10)))
                .isNull();
        assertThat(pacer.pacing(UID)
                        .delay(
                                rolling,
                                status(9, progressing("True", "Paused", "9 of 10 pods updated", T0)),
                                T0.plusMillis(10)))
                .isNull();
    }

    @Test
    void aCounterReachingTheDesiredNumberIsWrittenAtOnce() {
        pacer.written(UID, T0);

        assertThat(pacer.pacing(UID).delay(status(9), status(10), T0.plusMillis(10)))
                .isNull();
        assertThat(pacer.pacing(UID).delay(status(8), status(9), T0.plusMillis(10)))
                .isNotNull();
    }

    @Test
    void aConditionAppearingIsWrittenAtOnce() {
        pacer.written(UID, T0);
        DaemonSetStatus before = status(3);
        DaemonSetStatus after = status(3, progressing("True", "RollingUpdate", "3 of 10 pods updated", T0));

        assertThat(pacer.pacing(UID).delay(before, after, T0.plusMillis(10))).isNull();
    }

    private static DaemonSetCondition progressing(String status, String reason, String message, Instant at) {
        return new DaemonSetCondition("RolloutProgressing", status, reason, message, T0.toString(), at.toString());
    }

    private static DaemonSetStatus status(int updated, DaemonSetCondition... conditions) {
        DaemonSetStatus s = new DaemonSetStatus();
        s.setObservedGeneration(2L);
        s.setDesiredNumberScheduled(10);
        s.setUpdatedNumberScheduled(updated);
        s.setConditions(List.of(conditions));
        return s;
    }
}
