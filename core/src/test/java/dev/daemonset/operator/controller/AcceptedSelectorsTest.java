package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Selector immutability as a fresh operator instance (a restart, a failover) judges it: from the
 * DaemonSet's own revisions, not from what an earlier process remembered.
 */
class AcceptedSelectorsTest {
    private final FakeCluster cluster = new FakeCluster();
    private final DaemonSet ds = daemonSet("agent");

    @Test
    void aFreshInstanceRefusesASelectorOtherThanTheOneTheOldestRevisionRecords() {
        revision(ds, "2026-01-01T00:00:00Z", "first");
        DaemonSet changed = withSelector(Map.of("app", "agent", "tier", "node"));
        revision(changed, "2026-01-02T00:00:00Z", "second"); // as if written while the change went unchecked

        AcceptedSelectors fresh = new AcceptedSelectors(cluster);

        assertThat(fresh.changed(changed))
                .hasToString(
                        "spec.selector: Invalid value: \"app=agent,tier=node\": "
                                + "field is immutable (it was \"app=agent\"; restore it, or delete and recreate the DaemonSet)");
        assertThat(fresh.changed(ds)).isNull();
    }

    @Test
    void revisionsRecordedForAnotherDaemonSetAreIgnored() {
        DaemonSet previousOwner = daemonSet("agent");
        previousOwner.getMetadata().setUid("uid-of-a-deleted-daemonset");
        ControllerRevision adopted = revision(previousOwner, "2026-01-01T00:00:00Z", "adopted");
        adopted.getMetadata()
                .setOwnerReferences(Revisions.snapshot(ds, ds.getSpec().getTemplate(), "x", 1)
                        .getMetadata()
                        .getOwnerReferences());
        DaemonSet narrower = withSelector(Map.of("app", "agent", "tier", "node"));

        AcceptedSelectors fresh = new AcceptedSelectors(cluster);

        assertThat(fresh.changed(narrower)).isNull();
    }

    @Test
    void withoutAnyRecordTheFirstSelectorSyncedIsAcceptedAndRemembered() {
        AcceptedSelectors selectors = new AcceptedSelectors(cluster);
        assertThat(selectors.changed(ds)).isNull();
        selectors.remember(ds);

        assertThat(selectors.changed(withSelector(Map.of("app", "other")))).isNotNull();
        selectors.forget(ds.getMetadata().getUid());
        assertThat(selectors.size()).isZero();
    }

    private DaemonSet withSelector(Map<String, String> labels) {
        DaemonSet copy = daemonSet("agent", "default", labels);
        copy.getMetadata().setUid(ds.getMetadata().getUid());
        return copy;
    }

    private ControllerRevision revision(DaemonSet of, String created, String hash) {
        ControllerRevision cr = Revisions.snapshot(of, of.getSpec().getTemplate(), hash, cluster.revisions.size() + 1);
        cr.getMetadata().setCreationTimestamp(created);
        cluster.create(cr);
        return cr;
    }
}
