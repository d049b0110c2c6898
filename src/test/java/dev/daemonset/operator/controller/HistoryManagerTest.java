package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import org.junit.jupiter.api.Test;

/** The history a long leader term keeps in memory stays as large as the history itself. */
class HistoryManagerTest {
  @Test
  void rollingBackAndForthKeepsOneParsedEntryPerRevision() {
    FakeCluster cluster = new FakeCluster();
    HistoryManager history = new HistoryManager(cluster, cluster, cluster);
    DaemonSet ds = daemonSet("agent");
    cluster.daemonSets.put("default/agent", ds);

    for (int i = 0; i < 50; i++) {
      String image = i % 2 == 0 ? "registry.example/agent:1.0" : "registry.example/agent:2.0";
      ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
      HistoryManager.Result result = history.sync(ds, CompiledDaemonSet.compile(ds));
      assertThat(result.old()).hasSizeLessThanOrEqualTo(1);
    }

    assertThat(cluster.revisionsControlledBy(ds.getMetadata().getUid())).hasSize(2);
    assertThat(history.parsedCount()).as("a renumbered revision replaces its entry").isEqualTo(2);
  }
}
