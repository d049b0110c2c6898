package dev.daemonset.operator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Upstream's ControllerRevision rules for DaemonSets, as pure functions.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Each distinct template is stored once; the revision holding the current template carries
 *       the highest revision number. A template equal to an old revision reuses that revision (and
 *       its hash) with a new number, so a rollback restarts no pod that already runs it.</li>
 *   <li>At most revisionHistoryLimit old revisions are kept, oldest deleted first, and never one
 *       whose hash a live pod still carries.</li>
 * </ul>
 */
public final class RevisionHistory {
    private RevisionHistory() {}

    /**
     * @param current the revision holding the template, or null if one must be created
     * @param nextRevision the number the current revision must carry
     * @param old every other owned revision, except the duplicates
     * @param duplicates other revisions holding the same template as {@code current} (the one with the
     *     highest number is kept, as upstream's dedupCurHistories keeps it): their pods move to the kept
     *     one, then they are deleted, so that no pod is restarted for a template it already runs
     */
    public record Plan(RevisionInfo current, long nextRevision, List<RevisionInfo> old, List<RevisionInfo> duplicates) {
        public boolean needsCreate() {
            return current == null;
        }

        public boolean needsRenumber() {
            return current != null && current.revision() < nextRevision;
        }
    }

    public static Plan plan(List<RevisionInfo> owned, String templateKey) {
        RevisionInfo current = null;
        List<RevisionInfo> matching = new ArrayList<>();
        List<RevisionInfo> old = new ArrayList<>();
        for (RevisionInfo r : owned) {
            if (r.templateKey().equals(templateKey)) {
                matching.add(r);
                if (current == null || r.revision() > current.revision()) {
                    current = r;
                }
            } else {
                old.add(r);
            }
        }
        List<RevisionInfo> duplicates = new ArrayList<>(matching);
        duplicates.remove(current);
        long maxOld = old.stream().mapToLong(RevisionInfo::revision).max().orElse(0);
        return new Plan(current, maxOld + 1, old, duplicates);
    }

    /** Old revisions to delete, oldest first. */
    public static List<RevisionInfo> toDelete(List<RevisionInfo> old, int limit, Set<String> liveHashes) {
        int toKill = old.size() - Math.max(0, limit);
        if (toKill <= 0) {
            return List.of();
        }
        List<RevisionInfo> sorted = new ArrayList<>(old);
        sorted.sort(Comparator.comparingLong(RevisionInfo::revision));
        List<RevisionInfo> result = new ArrayList<>();
        for (RevisionInfo r : sorted) {
            if (result.size() >= toKill) {
                break;
            }
            if (!liveHashes.contains(r.hash())) {
                result.add(r);
            }
        }
        return result;
    }
}
