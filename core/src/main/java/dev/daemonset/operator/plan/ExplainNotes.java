package dev.daemonset.operator.plan;

import dev.daemonset.operator.plan.NodeReport.Verdict;
import java.util.ArrayList;
import java.util.List;

/** The notes of an explain row: what the controller does or waits for on a node, in words. */
final class ExplainNotes {
    private ExplainNotes() {}

    /** What the controller does or waits for on the node, phrased for someone asking why there is (no) pod. */
    static List<String> of(Verdict verdict, List<PodReport> pods, ExplainContext ctx) {
        List<PodReport> live = pods.stream().filter(p -> !p.deleting()).toList();
        List<String> notes = new ArrayList<>(2);
        switch (verdict) {
            case RUN -> {
                if (pods.isEmpty()) {
                    notes.add(
                            ctx.acts()
                                    ? "no pod yet: create pending"
                                    : "no pod, and none is created while " + inaction(ctx));
                } else if (live.isEmpty()) {
                    notes.add(
                            ctx.surge()
                                    ? "pod is being deleted; its replacement is created now"
                                    : "pod is being deleted; its replacement is created once it is gone");
                } else {
                    runningPodNotes(live, ctx, notes);
                }
            }
            case KEEP_EXISTING -> {
                if (!live.isEmpty()) {
                    notes.add("the existing pod is kept");
                }
            }
            case EXCLUDED -> {
                if (!live.isEmpty()) {
                    notes.add(ctx.acts() ? "its pod is deleted" : "its pod is left alone while " + inaction(ctx));
                }
            }
            case NO_SUCH_NODE -> {
                for (PodReport pod : live) {
                    notes.add(
                            pod.scheduled()
                                    ? "pod " + pod.name() + " is left to the pod garbage collector"
                                    : ctx.acts()
                                            ? "pod " + pod.name() + " is deleted"
                                            : "pod " + pod.name() + " is left alone while " + inaction(ctx));
                }
            }
            case UNKNOWN -> {
                // the reason (no template) says it all
            }
            default -> throw new IllegalStateException("unhandled verdict " + verdict);
        }
        return notes;
    }

    /** {@code live} is ordered as the controller orders it: the pod it keeps comes first. */
    private static void runningPodNotes(List<PodReport> live, ExplainContext ctx, List<String> notes) {
        PodReport kept = live.get(0);
        if ("Failed".equals(kept.phase()) || "Succeeded".equals(kept.phase())) {
            notes.add(
                    ctx.acts()
                            ? "the pod has exited; the controller deletes it and creates a new one"
                                    + ("Failed".equals(kept.phase()) ? " (with per-node backoff)" : "")
                            : "the pod has exited, and is not replaced while " + inaction(ctx));
        }
        if (!kept.updated() && ctx.updateHash() != null) {
            String revision = "on old revision " + kept.revision() + " (update revision " + ctx.updateHash() + ")";
            if (!ctx.rolls()) {
                notes.add(revision + ": not updated while " + inaction(ctx));
            } else if (ctx.spec().isRollingUpdate()) {
                notes.add(revision + ": the rolling update replaces it");
            } else {
                notes.add(revision + ": OnDelete strategy, delete the pod to update it");
            }
        }
        if (live.size() > 1) {
            notes.add(
                    ctx.surge()
                            ? live.size()
                                    + " pods during a surge update: the old one goes once the new one is available"
                            : live.size() + " pods: the controller keeps " + kept.name() + " and deletes the others");
        }
    }

    private static String inaction(ExplainContext ctx) {
        return ctx.valid() ? "the DaemonSet is being deleted" : "the spec is invalid";
    }
}
