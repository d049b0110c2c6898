package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.pods.AcceptedSelector;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The history a long leader term keeps in memory stays as large as the history itself. */
class HistoryManagerTest {
    @Test
    void rollingBackAndForthKeepsOneParsedEntryPerRevision() {
        FakeCluster cluster = new FakeCluster();
        HistoryManager history = new HistoryManager(cluster, Clock.systemUTC());
        DaemonSetReconciler reconciler = TestReconcilers.of(cluster, history, Clock.systemUTC());
        DaemonSet ds = daemonSet("agent");
        cluster.daemonSets.put("default/agent", ds);
        DaemonSetKey key = DaemonSetKey.of(ds);

        for (int i = 0; i < 50; i++) {
            String image = i % 2 == 0 ? "registry.example/agent:1.0" : "registry.example/agent:2.0";
            ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            ds.getMetadata().setGeneration(i + 1L);
            reconciler.process(key);
            assertThat(cluster.revisionsControlledBy(ds.getMetadata().getUid())).hasSizeLessThanOrEqualTo(2);
        }

        assertThat(cluster.revisionsControlledBy(ds.getMetadata().getUid())).hasSize(2);
        assertThat(history.parsedCount())
                .as("a renumbered revision replaces its entry")
                .isEqualTo(2);

        history.forgetRevision(cluster.revisionsControlledBy(ds.getMetadata().getUid())
                .get(0)
                .getMetadata()
                .getUid());
        assertThat(history.parsedCount()).as("a deleted revision goes").isEqualTo(1);
        history.forget(ds.getMetadata().getUid());
        assertThat(history.parsedCount())
                .as("all of them go with their DaemonSet")
                .isZero();
    }

    /** Revisions written by an operator that did not record selectors get the record on the next sync. */
    @Test
    void theCurrentRevisionWithoutASelectorRecordGetsOne() {
        FakeCluster cluster = new FakeCluster();
        DaemonSet ds = daemonSet("agent");
        cluster.daemonSets.put("default/agent", ds);
        TestReconcilers.of(cluster, new HistoryManager(cluster, Clock.systemUTC()), Clock.systemUTC())
                .process(DaemonSetKey.of(ds));
        ControllerRevision written =
                cluster.revisionsControlledBy(ds.getMetadata().getUid()).get(0);
        assertThat(AcceptedSelector.recordedOn(written, ds.getMetadata().getUid()))
                .as("written with it")
                .isNotNull();
        written.getMetadata().getAnnotations().remove(AcceptedSelector.ANNOTATION);

        TestReconcilers.of(cluster, new HistoryManager(cluster, Clock.systemUTC()), Clock.systemUTC())
                .process(DaemonSetKey.of(ds));

        assertThat(AcceptedSelector.recordedOn(written, ds.getMetadata().getUid()))
                .isNotNull()
                .satisfies(r -> assertThat(r.describe()).isEqualTo("app=agent"));
    }
}
