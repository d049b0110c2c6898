package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.deleting;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.Expectations;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pod events wake their DaemonSet at once, and which may be answered by one sync a little later. */
class PodEventHandlerTest {
    private final Expectations<String> expectations =
            new Expectations<>(Clock.fixed(T0, ZoneOffset.UTC), Expectations.DEFAULT_TTL);
    private final List<DaemonSetKey> now = new ArrayList<>();
    private final List<DaemonSetKey> soon = new ArrayList<>();
    private final PodEventHandler handler = new PodEventHandler(new FakeCluster(), expectations, now::add, soon::add);
    private final DaemonSet ds = daemonSet("agent");
    private final DaemonSetKey key = DaemonSetKey.of(ds);

    @Test
    void podsItCreatedWakeTheDaemonSetSoonSoThatABurstCostsOneSync() {
        expectations.expect(ds.getMetadata().getUid(), List.of("node-1", "node-2"), Set.of());

        handler.onAdd(pod("node-1", "1"));
        handler.onAdd(pod("node-2", "2"));

        assertThat(now).isEmpty();
        assertThat(soon).containsExactly(key, key);
        assertThat(expectations.satisfied(ds.getMetadata().getUid())).isTrue();
    }

    @Test
    void aPodNobodyWaitedForWakesItAtOnce() {
        handler.onAdd(pod("node-1", "1"));

        assertThat(now).containsExactly(key);
        assertThat(soon).isEmpty();
    }

    @Test
    void statusChangesWakeItSoon() {
        Pod before = pod("node-1", "1");
        Pod after = ready(
                new PodBuilder(before)
                        .editMetadata()
                        .withResourceVersion("2")
                        .endMetadata()
                        .build(),
                T0);

        handler.onUpdate(before, after);

        assertThat(now).isEmpty();
        assertThat(soon).containsExactly(key);
    }

    @Test
    void deletionsWakeItAtOnce() {
        Pod before = pod("node-1", "1");
        Pod terminating = deleting(new PodBuilder(before)
                .editMetadata()
                .withResourceVersion("2")
                .endMetadata()
                .build());

        handler.onUpdate(before, terminating);
        handler.onDelete(terminating, false);

        assertThat(now).containsExactly(key, key);
        assertThat(soon).isEmpty();
    }

    @Test
    void aPodAnotherControllerReleasesWithItsLabelsUnchangedWakesTheDaemonSetsThatMayAdoptIt() {
        FakeCluster cluster = new FakeCluster();
        cluster.daemonSets.put("default/agent", ds);
        PodEventHandler watching = new PodEventHandler(cluster, expectations, now::add, soon::add);
        Pod owned = pod("node-1", "1");
        owned.getMetadata()
                .setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("ReplicaSet")
                        .withName("web")
                        .withUid("rs-uid")
                        .withController(true)
                        .build()));
        Pod released = new PodBuilder(owned)
                .editMetadata()
                .withResourceVersion("2")
                .withOwnerReferences()
                .endMetadata()
                .build();

        watching.onUpdate(owned, released);

        assertThat(now).containsExactly(key);
    }

    private Pod pod(String node, String resourceVersion) {
        Pod pod = daemonPod(ds, node, "h1", 0);
        pod.getMetadata().setResourceVersion(resourceVersion);
        return pod;
    }
}
