package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.RevisionControl;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.OwnershipPlanner;
import dev.daemonset.operator.plan.RevisionInfo;
import dev.daemonset.operator.plan.SyncInput;
import dev.daemonset.operator.pods.AcceptedSelector;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a DaemonSet's ControllerRevisions for a sync, without writing: the revisions it controls or
 * may adopt, each parsed once per resourceVersion, plus the one it created moments ago that the cache
 * does not show yet. Which revision is the update revision, and the writes that takes, is decided by
 * {@link dev.daemonset.operator.plan.RevisionPlan}; the writes go through {@link #tracking}.
 */
final class HistoryManager {
    private final ClusterView view;
    private final Clock clock;
    /**
     * Parsed revisions by UID, each with the resourceVersion it was parsed at: revision data never changes,
     * re-parsing every sync would. Keyed by UID alone so that a renumbered revision replaces its entry;
     * dropped when the revision is pruned or deleted, or its DaemonSet goes.
     */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String resourceVersion, String namespace, String daemonSetUid, RevisionInfo info) {}

    /**
     * The revision each DaemonSet created last, until the informer shows it: without it the next
     * sync, moments later, would try to create it again and spend a request on the conflict.
     */
    private final Map<String, ControllerRevision> justCreated = new ConcurrentHashMap<>();

    HistoryManager(ClusterView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /** The DaemonSet's revisions; {@code hash} is the current template's, for the name of a new revision. */
    SyncInput.History read(DaemonSet ds, String hash) {
        Claims<ControllerRevision> claims = OwnershipPlanner.claim(
                ds.getSpec().getSelector(),
                ds.getMetadata().getDeletionTimestamp() != null,
                view.revisionsControlledBy(ds.getMetadata().getUid()),
                view.orphanRevisions(ds.getMetadata().getNamespace()));
        List<ControllerRevision> owned = new ArrayList<>(claims.claimed());
        owned.addAll(claims.toAdopt());
        String uid = ds.getMetadata().getUid();
        List<SyncInput.OwnedRevision> revisions = new ArrayList<>();
        for (ControllerRevision cr : withJustCreated(ds, owned)) {
            revisions.add(new SyncInput.OwnedRevision(cr, info(ds, cr), AcceptedSelector.recordedOn(cr, uid) != null));
        }
        return new SyncInput.History(claims, revisions, Revisions.name(ds, hash));
    }

    /**
     * The revision writes of syncs, noted as they are made: a created revision is served to the next
     * syncs until the informer shows it, and a deleted one is no longer held parsed.
     */
    RevisionControl tracking(RevisionControl writes) {
        return new RevisionControl() {
            @Override
            public ControllerRevision create(ControllerRevision revision) {
                ControllerRevision created = writes.create(revision);
                OwnerReference owner = Owners.controllerOf(revision);
                if (owner != null) {
                    justCreated.put(owner.getUid(), created);
                }
                return created;
            }

            @Override
            public ControllerRevision get(String namespace, String name) {
                return writes.get(namespace, name);
            }

            @Override
            public void renumber(ControllerRevision revision, long number) {
                writes.renumber(revision, number);
            }

            @Override
            public void delete(String namespace, String name) {
                parsed.values()
                        .removeIf(p -> Objects.equals(p.namespace(), namespace)
                                && p.info().name().equals(name));
                writes.delete(namespace, name);
            }

            @Override
            public void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences) {
                writes.setOwnerReferences(revision, ownerReferences);
            }

            @Override
            public void annotate(ControllerRevision revision, String key, String value) {
                writes.annotate(revision, key, value);
            }
        };
    }

    private List<ControllerRevision> withJustCreated(DaemonSet ds, List<ControllerRevision> owned) {
        ControllerRevision created = justCreated.get(ds.getMetadata().getUid());
        if (created == null) {
            return owned;
        }
        if (createdLongAgo(created)) {
            // never shown by the informer: deleted since; let the history be rebuilt from the cache
            justCreated.remove(ds.getMetadata().getUid(), created);
            return owned;
        }
        for (ControllerRevision cr : owned) {
            if (cr.getMetadata().getName().equals(created.getMetadata().getName())) {
                justCreated.remove(ds.getMetadata().getUid(), created);
                return owned;
            }
        }
        List<ControllerRevision> all = new ArrayList<>(owned);
        all.add(created);
        return all;
    }

    private boolean createdLongAgo(ControllerRevision cr) {
        String ts = cr.getMetadata().getCreationTimestamp();
        try {
            return ts != null && Instant.parse(ts).isBefore(clock.instant().minusSeconds(60));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private RevisionInfo info(DaemonSet ds, ControllerRevision cr) {
        String version = cr.getMetadata().getResourceVersion();
        Parsed p = parsed.compute(
                cr.getMetadata().getUid(),
                (uid, known) -> known != null && Objects.equals(known.resourceVersion(), version)
                        ? known
                        : new Parsed(
                                version,
                                cr.getMetadata().getNamespace(),
                                ds.getMetadata().getUid(),
                                Revisions.info(cr)));
        return p.info();
    }

    /** The DaemonSet is gone: its revisions go with it. */
    void forget(String daemonSetUid) {
        parsed.values().removeIf(p -> p.daemonSetUid().equals(daemonSetUid));
        justCreated.remove(daemonSetUid);
    }

    /** The revision is gone (pruned, deleted by hand, or collected with its DaemonSet). */
    void forgetRevision(String revisionUid) {
        parsed.remove(revisionUid);
    }

    /** The UIDs of the DaemonSets something is held for, as of now. */
    Set<String> daemonSetUids() {
        Set<String> uids = new HashSet<>(justCreated.keySet());
        parsed.values().forEach(p -> uids.add(p.daemonSetUid()));
        return uids;
    }

    /** How many revisions are held parsed. */
    int parsedCount() {
        return parsed.size();
    }

    /** How many DaemonSets have a created revision the informer has not shown yet. */
    int justCreatedCount() {
        return justCreated.size();
    }
}
