package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Join notes exist only for a leader to serve; a standby, where nothing takes them, keeps none. */
class JoinedNodesTest {
  private static final DaemonSetKey KEY = new DaemonSetKey("default", "agent");
  private final JoinedNodes joined = new JoinedNodes();

  @Test
  void aStandbyKeepsNoNotesHoweverManyNodesJoin() {
    for (int i = 0; i < 1000; i++) {
      joined.add(new DaemonSetKey("default", "ds-" + i), "node-" + i);
    }
    assertThat(joined.size()).isZero();
  }

  @Test
  void aLeaderKeepsNotesUntilTakenAndForgetsThemWhenItStopsLeading() {
    joined.startTaking();
    joined.add(KEY, "node-1");
    joined.add(KEY, "node-2");
    joined.add(new DaemonSetKey("default", "other"), "node-1");
    assertThat(joined.take(KEY)).containsExactlyInAnyOrder("node-1", "node-2");
    assertThat(joined.take(KEY)).isEmpty();

    joined.stopTaking();
    assertThat(joined.size()).isZero();
    joined.add(KEY, "node-3");
    assertThat(joined.take(KEY)).isEmpty();
  }

  @Test
  void aDeletedDaemonSetsNotesAreDropped() {
    joined.startTaking();
    joined.add(KEY, "node-1");
    joined.forget(KEY);
    assertThat(joined.size()).isZero();
  }
}
