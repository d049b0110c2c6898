package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A DaemonSet's revisions, oldest first, and the choice {@code rollout undo} makes among them. */
public final class RevisionHistory {
    private final List<Revision> revisions;

    private RevisionHistory(List<Revision> revisions) {
        this.revisions = revisions;
    }

    public static RevisionHistory of(Collection<Revision> revisions) {
        return new RevisionHistory(revisions.stream()
                .sorted(Comparator.comparingLong(Revision::number))
                .toList());
    }

    public List<Revision> revisions() {
        return revisions;
    }

    public boolean isEmpty() {
        return revisions.isEmpty();
    }

    public Optional<Revision> find(long number) {
        return revisions.stream().filter(r -> r.number() == number).findFirst();
    }

    /**
     * The revision to roll back to. {@code toRevision} 0 means the previous one: the newest revision
     * older than the one the DaemonSet runs now, which is the revision holding its current template,
     * else its status.updateRevision, else the newest (kubectl's choice).
     */
    public Revision rollbackTarget(long toRevision, PodTemplateSpec currentTemplate, String updateRevisionName) {
        if (toRevision < 0) {
            throw CommandFailure.error(revisionNotFound(toRevision));
        }
        if (toRevision > 0) {
            return find(toRevision).orElseThrow(() -> CommandFailure.error(revisionNotFound(toRevision)));
        }
        if (revisions.size() <= 1) {
            throw CommandFailure.error("no last revision to roll back to");
        }
        long current = currentRevisionNumber(currentTemplate, updateRevisionName);
        Revision previous = null;
        for (Revision r : revisions) {
            if (r.number() < current) {
                previous = r;
            }
        }
        if (previous == null) {
            throw CommandFailure.error("no last revision to roll back to");
        }
        return previous;
    }

    private long currentRevisionNumber(PodTemplateSpec currentTemplate, String updateRevisionName) {
        // The newest match wins: a template restored by an earlier undo may exist in two revisions.
        for (int i = revisions.size() - 1; i >= 0; i--) {
            PodTemplateSpec recorded = revisions.get(i).template();
            if (currentTemplate != null && recorded != null && PodTemplates.same(recorded, currentTemplate)) {
                return revisions.get(i).number();
            }
        }
        return revisions.stream()
                .filter(r -> r.name().equals(updateRevisionName))
                .findFirst()
                .map(Revision::number)
                .orElse(revisions.get(revisions.size() - 1).number());
    }

    static String revisionNotFound(long revision) {
        return "unable to find specified revision " + revision + " in history";
    }
}
