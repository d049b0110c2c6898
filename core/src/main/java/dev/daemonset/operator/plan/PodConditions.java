package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** Readiness and lifecycle questions about a pod, answered from its status alone. */
public final class PodConditions {
    public static final String PHASE_FAILED = "Failed";
    public static final String PHASE_SUCCEEDED = "Succeeded";

    /**
     * Oldest first, scheduled before unscheduled: the pod kept when a node has duplicates, and the one
     * status counts. Ties on creation time fall back to the name so the choice is stable.
     */
    public static final Comparator<Pod> SCHEDULED_THEN_OLDEST = Comparator.comparing((Pod p) -> !isScheduled(p))
            .thenComparing(PodConditions::createdAt)
            .thenComparing(p -> p.getMetadata().getName(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private PodConditions() {}

    public static boolean isScheduled(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node != null && !node.isEmpty();
    }

    public static boolean isBeingDeleted(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    public static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return PHASE_FAILED.equals(phase) || PHASE_SUCCEEDED.equals(phase);
    }

    public static boolean isReady(Pod pod) {
        PodCondition ready = readyCondition(pod);
        return ready != null && "True".equals(ready.getStatus());
    }

    /** Ready for at least minReadySeconds, as upstream's IsPodAvailable. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        PodCondition ready = readyCondition(pod);
        if (ready == null || !"True".equals(ready.getStatus())) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = parse(ready.getLastTransitionTime());
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** When a Ready pod becomes available, or null if it is not Ready or has no transition time. */
    /**
     * When to look again for a pod that becomes available at {@code availableAt}: a second past the
     * boundary, as upstream requeues, since availability is "ready for strictly more than minReadySeconds".
     */
    public static Duration recheckAfter(Instant availableAt, Instant now) {
        Duration wait = Duration.between(now, availableAt).plusSeconds(1);
        return wait.isNegative() ? Duration.ofSeconds(1) : wait;
    }

    public static Instant availableAt(Pod pod, int minReadySeconds) {
        PodCondition ready = readyCondition(pod);
        if (ready == null || !"True".equals(ready.getStatus())) {
            return null;
        }
        Instant since = parse(ready.getLastTransitionTime());
        return since == null ? null : since.plusSeconds(minReadySeconds);
    }

    public static Instant createdAt(Pod pod) {
        Instant t = parse(pod.getMetadata().getCreationTimestamp());
        return t == null ? Instant.EPOCH : t;
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
