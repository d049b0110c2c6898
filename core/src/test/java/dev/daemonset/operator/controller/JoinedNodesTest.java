package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Join notes exist only for a leader to serve; a standby, where nothing takes them, keeps none. */
class JoinedNodesTest {
    private static final String UID = "uid-agent";
    private final JoinedNodes joined = new JoinedNodes();

    @Test
    void aStandbyKeepsNoNotesHoweverManyNodesJoin() {
        for (int i = 0; i < 1000; i++) {
            joined.add("uid-ds-" + i, "node-" + i);
        }
        assertThat(joined.size()).isZero();
    }

    @Test
    void aLeaderKeepsNotesUntilTakenAndForgetsThemWhenItStopsLeading() {
        joined.startTaking();
        joined.add(UID, "node-1");
        joined.add(UID, "node-2");
        joined.add("uid-other", "node-1");
        assertThat(joined.take(UID)).containsExactlyInAnyOrder("node-1", "node-2");
        assertThat(joined.take(UID)).isEmpty();

        joined.stopTaking();
        assertThat(joined.size()).isZero();
        joined.add(UID, "node-3");
        assertThat(joined.take(UID)).isEmpty();
    }

    @Test
    void aDeletedDaemonSetsNotesAreDropped() {
        joined.startTaking();
        joined.add(UID, "node-1");
        joined.forget(UID);
        assertThat(joined.size()).isZero();
    }
}
