package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Backoff windows go with their DaemonSet, with their node, and when they would start over anyway. */
class FailedPodBackoffTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FailedPodBackoff backoff = new FailedPodBackoff();

    @Test
    void windowsGoWithTheirNodeAndTheirDaemonSet() {
        backoff.advance("ds-a", 1, "node-1", T0);
        backoff.advance("ds-a", 1, "node-2", T0);
        backoff.advance("ds-b", 1, "node-1", T0);

        backoff.forgetNode("node-1");
        assertThat(backoff.size()).isOne();
        assertThat(backoff.viewFor("ds-a", 1).remaining("node-2", T0)).isEqualTo(FailedPodBackoff.INITIAL);

        backoff.forget("ds-a");
        assertThat(backoff.size()).isZero();
    }

    @Test
    void itListsTheDaemonSetsAndNodesItHoldsWindowsFor() {
        backoff.advance("ds-a", 1, "node-1", T0);
        backoff.advance("ds-a", 1, "node-2", T0);
        backoff.advance("ds-b", 1, "node-1", T0);

        assertThat(backoff.daemonSetUids()).containsExactlyInAnyOrder("ds-a", "ds-b");
        assertThat(backoff.nodes()).containsExactlyInAnyOrder("node-1", "node-2");
    }

    /** As upstream keys it by the observed generation: a changed spec is tried at once. */
    @Test
    void aNewGenerationOfTheSpecStartsWithoutTheBackoffTheOldOneEarned() {
        backoff.advance("ds-a", 1, "node-1", T0);
        backoff.advance("ds-a", 1, "node-1", T0.plusSeconds(1));
        assertThat(backoff.viewFor("ds-a", 1).remaining("node-1", T0.plusSeconds(1)))
                .isEqualTo(Duration.ofSeconds(2));

        assertThat(backoff.viewFor("ds-a", 2).remaining("node-1", T0.plusSeconds(1)))
                .isNull();
        backoff.advance("ds-a", 2, "node-1", T0.plusSeconds(1));
        assertThat(backoff.viewFor("ds-a", 2).remaining("node-1", T0.plusSeconds(1)))
                .isEqualTo(FailedPodBackoff.INITIAL);
    }

    @Test
    void gcDropsWindowsIdleForTwiceTheMaximumOnly() {
        backoff.advance("ds-a", 1, "node-1", T0);
        backoff.advance("ds-a", 1, "node-2", T0.plus(Duration.ofMinutes(20)));

        backoff.gc(T0.plus(FailedPodBackoff.MAX.multipliedBy(2)).plusSeconds(1));

        assertThat(backoff.size()).isOne();
        assertThat(backoff.viewFor("ds-a", 1).remaining("node-1", T0)).isNull();
    }
}
