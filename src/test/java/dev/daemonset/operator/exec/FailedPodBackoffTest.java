package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Backoff windows go with their DaemonSet, with their node, and when they would start over anyway. */
class FailedPodBackoffTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FailedPodBackoff backoff = new FailedPodBackoff();

  @Test
  void windowsGoWithTheirNodeAndTheirDaemonSet() {
    backoff.advance("ds-a", "node-1", T0);
    backoff.advance("ds-a", "node-2", T0);
    backoff.advance("ds-b", "node-1", T0);

    backoff.forgetNode("node-1");
    assertThat(backoff.size()).isOne();
    assertThat(backoff.viewFor("ds-a").remaining("node-2", T0)).isEqualTo(FailedPodBackoff.INITIAL);

    backoff.forget("ds-a");
    assertThat(backoff.size()).isZero();
  }

  @Test
  void retainKeepsOnlyLiveDaemonSetsOnLiveNodes() {
    backoff.advance("ds-a", "node-1", T0);
    backoff.advance("ds-a", "node-gone", T0);
    backoff.advance("ds-gone", "node-1", T0);

    backoff.retain(Set.of("ds-a"), Set.of("node-1"));

    assertThat(backoff.size()).isOne();
    assertThat(backoff.viewFor("ds-a").remaining("node-1", T0)).isNotNull();
  }

  @Test
  void gcDropsWindowsIdleForTwiceTheMaximumOnly() {
    backoff.advance("ds-a", "node-1", T0);
    backoff.advance("ds-a", "node-2", T0.plus(Duration.ofMinutes(20)));

    backoff.gc(T0.plus(FailedPodBackoff.MAX.multipliedBy(2)).plusSeconds(1));

    assertThat(backoff.size()).isOne();
    assertThat(backoff.viewFor("ds-a").remaining("node-1", T0)).isNull();
  }
}
