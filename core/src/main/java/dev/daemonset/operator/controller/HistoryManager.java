package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.exec.AdoptionCheck;
import dev.daemonset.operator.exec.OwnershipSettler;
import dev.daemonset.operator.exec.RevisionControl;
import dev.daemonset.operator.exec.StatusWriter;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.OwnershipPlanner;
import dev.daemonset.operator.plan.RevisionHistory;
import dev.daemonset.operator.plan.RevisionInfo;
import dev.daemonset.operator.pods.AcceptedSelector;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a DaemonSet's ControllerRevisions: finds or creates the one for the current template,
 * renumbers it when a rollback reuses it, resolves hash collisions, and prunes old history.
 */
final class HistoryManager {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryManager.class);

  private final ClusterView view;
  private final RevisionControl revisions;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private static final OwnershipSettler REVISION_OWNERSHIP = new OwnershipSettler(AdoptionCheck.NONE);
  /**
   * Parsed revisions by UID, each with the resourceVersion it was parsed at: revision data never changes,
   * re-parsing every sync would. Keyed by UID alone so that a renumbered revision replaces its entry;
   * dropped when the revision is pruned or deleted, or its DaemonSet goes.
   */
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(String resourceVersion, String daemonSetUid, RevisionInfo info) {}
  /**
   * The revision each DaemonSet created last, until the informer shows it: without it the next
   * sync, moments later, would try to create it again and spend a request on the conflict.
   */
  private final Map<String, ControllerRevision> justCreated = new ConcurrentHashMap<>();

  HistoryManager(ClusterView view, RevisionControl revisions, StatusWriter statusWriter, Clock clock) {
    this.clock = clock;
    this.view = view;
    this.revisions = revisions;
    this.statusWriter = statusWriter;
  }

  /**
   * The revision new pods are created from, and the others.
   *
   * @param templateGeneration the update revision's number, upstream's pod-template-generation
   * @param duplicates revisions holding the update revision's template too (see {@link RevisionHistory.Plan})
   */
  record Result(String updateHash, String updateRevision, long templateGeneration, List<RevisionInfo> old,
      List<RevisionInfo> duplicates) {}

  Result sync(DaemonSet ds, CompiledDaemonSet c) {
    List<ControllerRevision> owned = withJustCreated(ds, claim(ds));
    List<RevisionInfo> infos = new ArrayList<>(owned.size());
    for (ControllerRevision cr : owned) {
      infos.add(info(ds, cr));
    }
    RevisionHistory.Plan plan = RevisionHistory.plan(infos, c.templateKey());
    if (plan.needsCreate()) {
      return create(ds, c, plan);
    }
    ControllerRevision current = find(owned, plan.current().name());
    if (plan.needsRenumber()) {
      revisions.renumber(current, plan.nextRevision());
      LOG.info("template matches revision {}; it becomes revision {}", current.getMetadata().getName(),
          plan.nextRevision());
    } else {
      recordSelector(ds, current);
    }
    // the current revision may carry a higher number than the old ones imply (their history pruned)
    long number = Math.max(plan.current().revision(), plan.nextRevision());
    return new Result(plan.current().hash(), plan.current().name(), number, plan.old(), plan.duplicates());
  }

  /**
   * Revisions written before selectors were recorded, or adopted from another DaemonSet, get the record
   * of the DaemonSet they serve now (whose selector the sync has just accepted): one write per
   * DaemonSet, so that its selector outlives this process too. After a renumber the next sync does it.
   */
  private void recordSelector(DaemonSet ds, ControllerRevision current) {
    String uid = ds.getMetadata().getUid();
    if (AcceptedSelector.recordedOn(current, uid) != null) {
      return;
    }
    try {
      revisions.annotate(current, AcceptedSelector.ANNOTATION,
          AcceptedSelector.of(ds.getSpec().getSelector()).annotationValue(uid));
      LOG.info("recorded the selector on revision {}", current.getMetadata().getName());
    } catch (KubernetesClientException e) {
      LOG.info("could not record the selector on revision {}: {}", current.getMetadata().getName(), e.getMessage());
    }
  }

  /** Deletes revisions that duplicated the current one, once no pod is labelled with them. */
  void deleteDuplicates(DaemonSet ds, List<RevisionInfo> duplicates) {
    for (RevisionInfo r : duplicates) {
      revisions.delete(ds.getMetadata().getNamespace(), r.name());
      LOG.info("deleted revision {} (revision {}): it held the same template as the current one", r.name(),
          r.revision());
    }
  }

  void cleanup(DaemonSet ds, List<RevisionInfo> old, int limit, Set<String> liveHashes) {
    List<RevisionInfo> doomed = RevisionHistory.toDelete(old, limit, liveHashes);
    parsed.values().removeIf(p -> doomed.contains(p.info()));
    for (RevisionInfo r : doomed) {
      try {
        revisions.delete(ds.getMetadata().getNamespace(), r.name());
        LOG.info("deleted old revision {} (revision {})", r.name(), r.revision());
      } catch (KubernetesClientException e) {
        LOG.info("could not delete old revision {}: {}", r.name(), e.getMessage());
      }
    }
  }

  private Result create(DaemonSet ds, CompiledDaemonSet c, RevisionHistory.Plan plan) {
    ControllerRevision snapshot = Revisions.snapshot(ds, c.spec().template(), c.hash(), plan.nextRevision());
    try {
      justCreated.put(ds.getMetadata().getUid(), revisions.create(snapshot));
      LOG.info("created revision {} (revision {})", snapshot.getMetadata().getName(), plan.nextRevision());
      return new Result(c.hash(), snapshot.getMetadata().getName(), plan.nextRevision(), plan.old(), List.of());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    // The name is taken: either our own revision the cache has not shown yet, or a hash collision.
    ControllerRevision existing = revisions.get(ds.getMetadata().getNamespace(), snapshot.getMetadata().getName());
    if (existing != null && info(ds, existing).templateKey().equals(c.templateKey())) {
      return new Result(c.hash(), existing.getMetadata().getName(), plan.nextRevision(), plan.old(), List.of());
    }
    DaemonSetStatus bumped = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus().copy();
    bumped.setCollisionCount(ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 1
        : ds.getStatus().getCollisionCount() + 1);
    statusWriter.write(ds, bumped);
    throw new IllegalStateException("hash collision on revision " + snapshot.getMetadata().getName()
        + "; collisionCount raised to " + bumped.getCollisionCount());
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
      return ts != null && java.time.Instant.parse(ts).isBefore(clock.instant().minusSeconds(60));
    } catch (java.time.format.DateTimeParseException e) {
      return true;
    }
  }

  private List<ControllerRevision> claim(DaemonSet ds) {
    Claims<ControllerRevision> claims = OwnershipPlanner.claim(ds.getSpec().getSelector(),
        ds.getMetadata().getDeletionTimestamp() != null,
        view.revisionsControlledBy(ds.getMetadata().getUid()),
        view.orphanRevisions(ds.getMetadata().getNamespace()));
    if (claims.settled()) {
      return claims.claimed();
    }
    // a revision that could not be adopted or released is left for the next sync; pods are what must not double
    return REVISION_OWNERSHIP.settle(ds, claims, revisions::setOwnerReferences, "revision").owned();
  }

  private RevisionInfo info(DaemonSet ds, ControllerRevision cr) {
    String version = cr.getMetadata().getResourceVersion();
    Parsed p = parsed.compute(cr.getMetadata().getUid(), (uid, known) ->
        known != null && java.util.Objects.equals(known.resourceVersion(), version) ? known
            : new Parsed(version, ds.getMetadata().getUid(), Revisions.info(cr)));
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
    Set<String> uids = new java.util.HashSet<>(justCreated.keySet());
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

  private static ControllerRevision find(List<ControllerRevision> owned, String name) {
    return owned.stream().filter(cr -> cr.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }
}
