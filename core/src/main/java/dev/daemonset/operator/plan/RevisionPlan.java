package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;

/**
 * Which revision a sync's pods are created from, and the revision writes that takes.
 *
 * @param claims revisions to adopt or release; null if none
 * @param create the revision to create; null if the template's revision exists
 * @param renumber the existing revision that gets {@code templateGeneration} as its number (a
 *     rollback to it); null if none
 * @param recordSelector the update revision, if it does not record the DaemonSet's selector yet
 * @param templateGeneration the update revision's number, upstream's pod-template-generation
 * @param old every other revision except those holding the same template, for pruning
 * @param sameTemplate other revisions holding the update revision's template (see {@link RevisionHistory.Plan})
 */
public record RevisionPlan(
        Claims<ControllerRevision> claims,
        NewRevision create,
        ControllerRevision renumber,
        ControllerRevision recordSelector,
        String updateName,
        String updateHash,
        long templateGeneration,
        List<RevisionInfo> old,
        List<RevisionInfo> sameTemplate) {

    /** A revision to create; if its name is taken by another template, the hash collided. */
    public record NewRevision(String name, String hash, long number, String templateKey, PodTemplateSpec template) {}

    public boolean writes() {
        return claims != null || create != null || renumber != null || recordSelector != null;
    }

    /**
     * Resolves the update revision without writing: the revision holding the current template, created
     * if there is none, renumbered if a rollback returns to it.
     */
    public static RevisionPlan resolve(SyncInput.History history, SyncInput.Template template) {
        List<RevisionInfo> infos =
                history.owned().stream().map(SyncInput.OwnedRevision::info).toList();
        RevisionHistory.Plan plan = RevisionHistory.plan(infos, template.templateKey());
        Claims<ControllerRevision> claims = history.claims().settled() ? null : history.claims();
        if (plan.needsCreate()) {
            NewRevision create = new NewRevision(
                    history.nameForNew(),
                    template.hash(),
                    plan.nextRevision(),
                    template.templateKey(),
                    template.spec().template());
            return new RevisionPlan(
                    claims, create, null, null, create.name(), create.hash(), create.number(), plan.old(), List.of());
        }
        SyncInput.OwnedRevision current = history.owned().stream()
                .filter(r -> r.info().name().equals(plan.current().name()))
                .findFirst()
                .orElseThrow();
        // after a renumber the next sync records the selector
        ControllerRevision renumber = plan.needsRenumber() ? current.object() : null;
        ControllerRevision record = !plan.needsRenumber() && !current.selectorRecorded() ? current.object() : null;
        // the current revision may carry a higher number than the old ones imply (their history pruned)
        long number = Math.max(plan.current().revision(), plan.nextRevision());
        return new RevisionPlan(
                claims,
                null,
                renumber,
                record,
                plan.current().name(),
                plan.current().hash(),
                number,
                plan.old(),
                plan.duplicates());
    }
}
