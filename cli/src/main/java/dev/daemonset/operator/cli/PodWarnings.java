package dev.daemonset.operator.cli;

import dev.daemonset.operator.plan.PodReport;
import io.fabric8.kubernetes.api.model.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest Warning event of each pod: the last lines of {@code kubectl describe pod}, and often the only
 * place that says why a pod cannot start. A pod held in ContainerCreating by a ConfigMap that does not exist
 * shows nothing in its status; its kubelet's FailedMount event names the ConfigMap.
 */
final class PodWarnings {
    private final Map<String, Event> latestByPod = new HashMap<>();

    PodWarnings(List<Event> warnings) {
        for (Event e : warnings) {
            if (e.getInvolvedObject() == null || e.getInvolvedObject().getName() == null) {
                continue;
            }
            latestByPod.merge(e.getInvolvedObject().getName(), e, (a, b) -> when(b).compareTo(when(a)) > 0 ? b : a);
        }
    }

    /**
     * The pod's problem followed by its latest warning, unless it has none, is fine, or its problem already says
     * what the warning says (an image pull error is in both).
     */
    PodReport annotate(PodReport pod) {
        Event latest = latestByPod.get(pod.name());
        if (pod.problem() == null || latest == null || latest.getMessage() == null) {
            return pod;
        }
        if (pod.problem().contains(latest.getMessage())) {
            return pod;
        }
        return pod.withProblem(
                pod.problem() + " (last warning: " + latest.getReason() + ": " + latest.getMessage() + ")");
    }

    /** RFC 3339 times of one precision compare as text; an event has at least one of them. */
    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata() == null || e.getMetadata().getCreationTimestamp() == null
                ? ""
                : e.getMetadata().getCreationTimestamp();
    }
}
