package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.RevisionInfo;
import dev.daemonset.operator.plan.RevisionPlan;
import dev.daemonset.operator.plan.SyncPlan;
import dev.daemonset.operator.pods.AcceptedSelector;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs every write of a sync's plan ({@link SyncPlan}), in a fixed order: the revision (a hash
 * collision raises collisionCount and stops), the template-generation annotation, adoptions and
 * releases (a failure stops: no pod write and no status, as upstream's claim error), moving pods off
 * duplicate revisions, pod creates and deletes ({@link PlanExecutor}: slow start, expectations before
 * each write), history pruning, the status, events. So "what does this sync change?" has one answer.
 */
public final class SyncExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SyncExecutor.class);
    private static final OwnershipSettler REVISION_OWNERSHIP = new OwnershipSettler(AdoptionCheck.NONE);

    private final PlanExecutor pods;
    private final RevisionControl revisions;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Expectations<String> expectations;

    public SyncExecutor(
            PlanExecutor pods,
            RevisionControl revisions,
            StatusWriter statusWriter,
            EventRecorder events,
            Expectations<String> expectations) {
        this.pods = pods;
        this.revisions = revisions;
        this.statusWriter = statusWriter;
        this.events = events;
        this.expectations = expectations;
    }

    /**
     * What became of a plan.
     *
     * @param failure why the sync did not write all of its plan (to retry it with backoff); null if it did
     * @param statusReached whether the sync got as far as the status (written or not)
     * @param statusWritten whether the planned status was written
     */
    public record Outcome(String failure, boolean statusReached, boolean statusWritten) {
        static Outcome stopped(String failure) {
            return new Outcome(failure, false, false);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /** @param onBackgroundFailure runs once if a create sent in the background fails */
    public Outcome execute(DaemonSet ds, SyncPlan plan, Runnable onBackgroundFailure) {
        if (plan.revision() != null) {
            String collision = writeRevision(ds, plan.revision());
            if (collision != null) {
                return Outcome.stopped(collision);
            }
        }
        if (plan.templateGeneration() != null) {
            annotateTemplateGeneration(ds, plan.templateGeneration());
        }
        if (plan.podClaims() != null) {
            OwnershipSettler.Ownership<Pod> ownership = pods.settleOwnership(ds, plan.podClaims());
            if (!ownership.settled()) {
                return Outcome.stopped(ownership.failure());
            }
        }
        if (plan.moveToKept() != null) {
            if (pods.relabel(plan.moveToKept().pods(), plan.moveToKept().hash()) > 0) {
                return Outcome.stopped("could not move every pod off a duplicate revision");
            }
            deleteSameTemplateRevisions(ds, plan.moveToKept().revisions());
        }
        if (plan.summary() != null) {
            LOG.info(plan.summary());
        }
        PlanExecutor.Outcome written = writePods(ds, plan.pods(), onBackgroundFailure);
        prune(ds, plan.prune());
        boolean statusWritten = false;
        if (plan.status() != null && plan.status().write()) {
            statusWriter.write(ds, plan.status().status());
            statusWritten = true;
        }
        for (PlannedEvent e : plan.events()) {
            LOG.warn("{}: {}", e.reason(), e.message());
            events.record(ds, e);
        }
        String failure = written.failed() ? written.failures() + " pod write(s) failed: " + written.firstError() : null;
        return new Outcome(failure, true, statusWritten);
    }

    private PlanExecutor.Outcome writePods(DaemonSet ds, SyncPlan.PodWrites writes, Runnable onFailure) {
        if (writes == null) {
            return PlanExecutor.Outcome.OK;
        }
        // a failed background create lowers the expectations; the retry lets the full sync try that node again
        if (writes.inBackground()
                && pods.createInBackground(
                        ds,
                        writes.plan().nodesNeedingPods(),
                        writes.template(),
                        writes.hash(),
                        writes.templateGeneration(),
                        onFailure)) {
            return PlanExecutor.Outcome.OK;
        }
        return pods.apply(ds, writes.plan(), writes.template(), writes.hash(), writes.templateGeneration());
    }

    /** Returns null, or why the sync stops: the revision's name is taken by another template. */
    private String writeRevision(DaemonSet ds, RevisionPlan plan) {
        if (plan.claims() != null) {
            // a revision that could not be adopted or released is left for the next sync; pods are what must not double
            REVISION_OWNERSHIP.settle(ds, plan.claims(), revisions::setOwnerReferences, "revision");
        }
        if (plan.create() != null) {
            return create(ds, plan.create());
        }
        if (plan.renumber() != null) {
            revisions.renumber(plan.renumber(), plan.templateGeneration());
            LOG.info(
                    "template matches revision {}; it becomes revision {}",
                    plan.renumber().getMetadata().getName(),
                    plan.templateGeneration());
        }
        if (plan.recordSelector() != null) {
            recordSelector(ds, plan.recordSelector());
        }
        return null;
    }

    private String create(DaemonSet ds, RevisionPlan.NewRevision create) {
        ControllerRevision snapshot = Revisions.snapshot(ds, create.template(), create.hash(), create.number());
        try {
            revisions.create(snapshot);
            LOG.info("created revision {} (revision {})", snapshot.getMetadata().getName(), create.number());
            return null;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        // The name is taken: either our own revision the cache has not shown yet, or a hash collision.
        ControllerRevision existing = revisions.get(
                ds.getMetadata().getNamespace(), snapshot.getMetadata().getName());
        if (existing != null && Revisions.info(existing).templateKey().equals(create.templateKey())) {
            return null;
        }
        DaemonSetStatus bumped =
                ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus().copy();
        bumped.setCollisionCount(
                ds.getStatus() == null || ds.getStatus().getCollisionCount() == null
                        ? 1
                        : ds.getStatus().getCollisionCount() + 1);
        statusWriter.write(ds, bumped);
        return "hash collision on revision " + snapshot.getMetadata().getName() + "; collisionCount raised to "
                + bumped.getCollisionCount();
    }

    /**
     * Revisions written before selectors were recorded, or adopted from another DaemonSet, get the record
     * of the DaemonSet they serve now (whose selector the sync has just accepted): one write per
     * DaemonSet, so that its selector outlives this process too.
     */
    private void recordSelector(DaemonSet ds, ControllerRevision current) {
        try {
            revisions.annotate(
                    current,
                    AcceptedSelector.ANNOTATION,
                    AcceptedSelector.of(ds.getSpec().getSelector())
                            .annotationValue(ds.getMetadata().getUid()));
            LOG.info(
                    "recorded the selector on revision {}",
                    current.getMetadata().getName());
        } catch (KubernetesClientException e) {
            LOG.info(
                    "could not record the selector on revision {}: {}",
                    current.getMetadata().getName(),
                    e.getMessage());
        }
    }

    /**
     * Informational, as upstream's: a refusal (a Role from before the operator kept it, without patch on
     * daemonsets) is logged and the sync goes on.
     */
    private void annotateTemplateGeneration(DaemonSet ds, long generation) {
        try {
            statusWriter.annotateTemplateGeneration(ds, generation);
        } catch (KubernetesClientException e) {
            LOG.info(
                    "could not set {} to {}: {}",
                    StatusWriter.TEMPLATE_GENERATION_ANNOTATION,
                    generation,
                    e.getMessage());
        }
    }

    /** Deletes revisions that duplicated the current one, once no pod is labelled with them. */
    private void deleteSameTemplateRevisions(DaemonSet ds, List<RevisionInfo> revisionsToDelete) {
        for (RevisionInfo r : revisionsToDelete) {
            revisions.delete(ds.getMetadata().getNamespace(), r.name());
            LOG.info(
                    "deleted revision {} (revision {}): it held the same template as the current one",
                    r.name(),
                    r.revision());
        }
    }

    private void prune(DaemonSet ds, List<RevisionInfo> doomed) {
        for (RevisionInfo r : doomed) {
            try {
                revisions.delete(ds.getMetadata().getNamespace(), r.name());
                LOG.info("deleted old revision {} (revision {})", r.name(), r.revision());
            } catch (KubernetesClientException e) {
                LOG.info("could not delete old revision {}: {}", r.name(), e.getMessage());
            }
        }
    }
}
