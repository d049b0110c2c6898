package dev.daemonset.operator.cli.describe;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code kubectl describe ds} prints for an apps/v1 DaemonSet, for ours, plus its rollout conditions (after
 * Pods Status, so that the Pod Template's Node-Selectors and Tolerations still run straight into Events). Pure: the
 * DaemonSet, the pods it controls, its events and the time in; the text out.
 */
final class DaemonSetDescription {
    private DaemonSetDescription() {}

    static String render(DaemonSet ds, List<Pod> controlledPods, List<Event> events, Instant now) {
        TabWriter w = new TabWriter();
        DaemonSetSpec spec = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        w.write("Name:\t" + ds.getMetadata().getName() + "\n");
        w.write("Namespace:\t" + ds.getMetadata().getNamespace() + "\n");
        w.write("Selector:\t" + Sections.selector(spec.getSelector()) + "\n");
        w.write("Node-Selector:\t"
                + Sections.formatLabels(
                        spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                                ? null
                                : spec.getTemplate().getSpec().getNodeSelector())
                + "\n");
        Sections.labels(w, "Labels", ds.getMetadata().getLabels());
        Sections.annotations(w, "Annotations", ds.getMetadata().getAnnotations());
        w.write("Desired Number of Nodes Scheduled: " + count(status.getDesiredNumberScheduled()) + "\n");
        w.write("Current Number of Nodes Scheduled: " + count(status.getCurrentNumberScheduled()) + "\n");
        w.write("Number of Nodes Scheduled with Up-to-date Pods: " + count(status.getUpdatedNumberScheduled()) + "\n");
        w.write("Number of Nodes Scheduled with Available Pods: " + count(status.getNumberAvailable()) + "\n");
        w.write("Number of Nodes Misscheduled: " + count(status.getNumberMisscheduled()) + "\n");
        w.write("Pods Status:\t" + phases(controlledPods) + "\n");
        conditions(status.getConditions(), w);
        PodTemplateDescription.write(spec.getTemplate(), w);
        events(events, now, w);
        return w.toString();
    }

    private static String phases(List<Pod> pods) {
        long running = phase(pods, "Running");
        long waiting = phase(pods, "Pending");
        long succeeded = phase(pods, "Succeeded");
        long failed = phase(pods, "Failed");
        return running + " Running / " + waiting + " Waiting / " + succeeded + " Succeeded / " + failed + " Failed";
    }

    private static long phase(List<Pod> pods, String phase) {
        return pods.stream()
                .filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()))
                .count();
    }

    /** Our rollout conditions, as kubectl prints a Deployment's, with the message as well. */
    private static void conditions(List<DaemonSetCondition> conditions, TabWriter w) {
        if (conditions == null || conditions.isEmpty()) {
            return;
        }
        w.write("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
        for (DaemonSetCondition c : conditions) {
            w.write("  " + c.getType() + " \t" + c.getStatus() + "\t"
                    + PodTemplateDescription.nullToEmpty(c.getReason()) + "\t"
                    + PodTemplateDescription.nullToEmpty(c.getMessage()).trim() + "\n");
        }
    }

    private static void events(List<Event> events, Instant now, TabWriter w) {
        if (events.isEmpty()) {
            w.write("Events:\t<none>\n");
            return;
        }
        w.flush();
        w.write("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
        events.stream()
                .sorted(Comparator.comparing(DaemonSetDescription::lastSeen))
                .forEach(e -> {
                    String first = e.getEventTime() != null && e.getEventTime().getTime() != null
                            ? Ages.since(e.getEventTime().getTime(), now)
                            : Ages.since(e.getFirstTimestamp(), now);
                    String interval;
                    if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
                        interval =
                                Ages.since(e.getSeries().getLastObservedTime().getTime(), now) + " (x"
                                        + e.getSeries().getCount() + " over " + first + ")";
                    } else if (e.getCount() != null && e.getCount() > 1) {
                        interval =
                                Ages.since(e.getLastTimestamp(), now) + " (x" + e.getCount() + " over " + first + ")";
                    } else {
                        interval = first;
                    }
                    String source = e.getSource() != null
                                    && PodTemplateDescription.notEmpty(
                                            e.getSource().getComponent())
                            ? e.getSource().getComponent()
                            : PodTemplateDescription.nullToEmpty(e.getReportingComponent());
                    w.write("  " + e.getType() + "\t" + e.getReason() + "\t" + interval + "\t" + source + "\t"
                            + PodTemplateDescription.nullToEmpty(e.getMessage()).trim() + "\n");
                });
    }

    /** Events in the order kubectl sorts them: by last timestamp, else event time. */
    private static String lastSeen(Event e) {
        if (PodTemplateDescription.notEmpty(e.getLastTimestamp())) {
            return normalized(e.getLastTimestamp());
        }
        return e.getEventTime() == null || e.getEventTime().getTime() == null
                ? ""
                : normalized(e.getEventTime().getTime());
    }

    private static String normalized(String timestamp) {
        try {
            return java.time.OffsetDateTime.parse(timestamp).toInstant().toString();
        } catch (java.time.format.DateTimeParseException e) {
            return timestamp;
        }
    }

    private static int count(Integer i) {
        return i == null ? 0 : i;
    }
}
