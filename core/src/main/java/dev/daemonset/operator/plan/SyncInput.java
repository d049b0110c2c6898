package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything one sync of a DaemonSet decides from, read from the caches before anything is written
 * (see {@link SyncPlanner}). Nothing in it is mutated by planning.
 *
 * @param violations what is wrong with the spec; empty for a spec the controller accepts
 * @param template the compiled spec; null for an invalid spec
 * @param history the DaemonSet's revisions; null for an invalid spec
 * @param served the last valid revision an invalid spec goes on being served with; null if there is none
 *     (or the spec is valid)
 * @param nodes every node
 * @param pods the pods the DaemonSet claims; for an invalid spec only the pods it already controls
 *     ({@code toAdopt} and {@code toRelease} empty): its selector can no longer be trusted
 * @param unobserved the writes of earlier syncs the caches do not show yet, read before the pods
 * @param backoff the failed-pod backoff of this DaemonSet
 * @param pacing when the status may be written again if only counters changed
 */
public record SyncInput(
        DaemonSet ds,
        List<Violation> violations,
        Template template,
        History history,
        ServedRevision served,
        List<Node> nodes,
        Claims<Pod> pods,
        Unobserved unobserved,
        FailedPodBackoffView backoff,
        StatusPacing pacing,
        Instant now) {

    public boolean valid() {
        return violations.isEmpty();
    }

    public boolean beingDeleted() {
        return ds.getMetadata().getDeletionTimestamp() != null;
    }

    /** The spec with defaults applied, its eligibility rules, the template's key (same template, same key) and hash. */
    public record Template(EffectiveSpec spec, EligibilityRules rules, String templateKey, String hash) {}

    /**
     * A revision the DaemonSet controls or may adopt.
     *
     * @param selectorRecorded whether it records the selector of this DaemonSet
     */
    public record OwnedRevision(ControllerRevision object, RevisionInfo info, boolean selectorRecorded) {}

    /**
     * The DaemonSet's ControllerRevisions as the cache shows them, plus one created moments ago that it
     * does not show yet.
     *
     * @param claims the revisions to adopt or release
     * @param owned the revisions controlled or to be adopted
     * @param nameForNew the name a revision of the current template gets
     */
    public record History(Claims<ControllerRevision> claims, List<OwnedRevision> owned, String nameForNew) {}

    /** The revision an invalid spec goes on being served with: its template and that template's rules. */
    public record ServedRevision(
            String name, String hash, long number, PodTemplateSpec template, EligibilityRules rules) {}

    /**
     * Writes of earlier syncs not yet seen in the caches.
     *
     * @param settled none: the caches show every write, so the sync may do anything
     * @param awaitingCreation while not settled, the nodes whose creates are under way when only creates
     *     are unobserved (other nodes may get theirs); null when deletes or uncertain writes are unobserved
     * @param untilReleased when unobserved writes stop holding the sync back (to come back then)
     * @param description what is awaited, for the log
     */
    public record Unobserved(
            boolean settled, Set<String> awaitingCreation, Duration untilReleased, String description) {
        public static final Unobserved NONE = new Unobserved(true, Set.of(), null, "nothing");
    }
}
