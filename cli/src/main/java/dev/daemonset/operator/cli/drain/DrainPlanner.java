package dev.daemonset.operator.cli.drain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Decides, for each pod of a node, whether drain evicts it, leaves it, or refuses to drain: kubectl drain's
 * filters, in kubectl's order (DaemonSet, mirror, local storage, unreplicated), with daemon pods always left.
 *
 * <p>Assumptions: the pods are those of one node, as listed (none are fetched here); no I/O, no clock.
 *
 * <p>Invariants:
 * <ul>
 *   <li>a daemon pod ({@link DaemonPods#isDaemonPod}: ours or apps/v1's) that is still running is never evicted,
 *       whatever the flags; kubectl's --ignore-daemonsets is thus always on;</li>
 *   <li>a mirror pod is never evicted and never mentioned;</li>
 *   <li>a finished pod (Succeeded or Failed) is always evicted: it holds nothing;</li>
 *   <li>as in kubectl, the first filter that does not evict decides, and otherwise the last warning is kept
 *       (so kubectl's "deleting Pods with local storage" warning, replaced by a later OK, is never shown).</li>
 * </ul>
 */
final class DrainPlanner {
    static final String DAEMON_SET_WARNING = "ignoring DaemonSet-managed Pods";
    static final String LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
    static final String UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
    static final String UNMANAGED_WARNING = "deleting Pods that declare no controller";

    /** The flags that change the verdicts. */
    record Rules(boolean force, boolean deleteEmptyDirData) {}

    /** The verdicts, in the order of the pods. */
    record Plan(List<PodVerdict> verdicts) {
        List<Pod> toEvict() {
            return verdicts.stream()
                    .filter(PodVerdict::evict)
                    .map(PodVerdict::pod)
                    .toList();
        }

        /** kubectl's {@code Warning:} text: each message with its pods, joined by "; "; empty when there is none. */
        String warnings() {
            StringJoiner j = new StringJoiner("; ");
            grouped(PodVerdict.Kind.WARNING)
                    .forEach((message, pods) -> j.add(message + ": " + String.join(", ", pods)));
            return j.toString();
        }

        /** One line per refusal, as kubectl words them: {@code cannot delete <why>: ns/a, ns/b}. */
        List<String> errors() {
            List<String> lines = new ArrayList<>();
            grouped(PodVerdict.Kind.ERROR)
                    .forEach((message, pods) -> lines.add(
                            (message.toLowerCase(java.util.Locale.ROOT).startsWith("cannot delete")
                                            ? ""
                                            : "cannot delete ")
                                    + message + ": " + String.join(", ", pods)));
            return lines;
        }

        private Map<String, List<String>> grouped(PodVerdict.Kind kind) {
            Map<String, List<String>> byMessage = new LinkedHashMap<>();
            verdicts.stream()
                    .filter(v -> v.kind() == kind)
                    .forEach(v -> byMessage
                            .computeIfAbsent(v.message(), m -> new ArrayList<>())
                            .add(v.podRef()));
            return byMessage;
        }
    }

    private DrainPlanner() {}

    static Plan plan(List<Pod> pods, Rules rules) {
        return new Plan(pods.stream().map(p -> verdict(p, rules)).toList());
    }

    static PodVerdict verdict(Pod pod, Rules rules) {
        boolean finished = isFinished(pod);
        if (!finished && DaemonPods.isDaemonPod(pod)) {
            return PodVerdict.warning(pod, false, DAEMON_SET_WARNING);
        }
        if (DaemonPods.isMirrorPod(pod)) {
            return PodVerdict.skip(pod);
        }
        if (finished) {
            return PodVerdict.ok(pod);
        }
        if (hasLocalStorage(pod) && !rules.deleteEmptyDirData()) {
            return PodVerdict.error(pod, LOCAL_STORAGE_FATAL);
        }
        if (DaemonPods.controllerOf(pod) != null) {
            return PodVerdict.ok(pod);
        }
        return rules.force()
                ? PodVerdict.warning(pod, true, UNMANAGED_WARNING)
                : PodVerdict.error(pod, UNMANAGED_FATAL);
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean hasLocalStorage(Pod pod) {
        List<Volume> volumes = pod.getSpec() == null ? null : pod.getSpec().getVolumes();
        return volumes != null && volumes.stream().anyMatch(v -> v.getEmptyDir() != null);
    }
}
