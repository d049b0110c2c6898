package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;

/**
 * Why a daemon pod is not Running and Ready, in one line, from the pod's status alone: the scheduler's
 * PodScheduled message, a container's waiting reason (ErrImagePull, CrashLoopBackOff...), and so on. These are the
 * facts a user otherwise digs out of {@code kubectl describe pod}.
 */
public final class PodProblems {
    private PodProblems() {}

    /** The first thing wrong with the pod, or null when it is Running and Ready. */
    public static String describe(Pod pod) {
        if (PodConditions.isBeingDeleted(pod)) {
            return "being deleted";
        }
        PodStatus status = pod.getStatus();
        String phase = PodConditions.phase(pod);
        if (PodConditions.PHASE_FAILED.equals(phase)) {
            return join("pod failed", status.getReason(), status.getMessage());
        }
        if (PodConditions.PHASE_SUCCEEDED.equals(phase)) {
            return "pod succeeded, but a daemon pod must keep running";
        }
        if (!PodConditions.isScheduled(pod)) {
            PodCondition scheduled = condition(pod, "PodScheduled");
            if (scheduled != null && "False".equals(scheduled.getStatus())) {
                return join("not scheduled", scheduled.getReason(), scheduled.getMessage());
            }
            return "not scheduled yet";
        }
        if (PodConditions.isReady(pod)) {
            return null;
        }
        String container =
                containerProblem(status == null ? null : status.getInitContainerStatuses(), "init container ");
        if (container == null) {
            container = containerProblem(status == null ? null : status.getContainerStatuses(), "container ");
        }
        if (container != null) {
            return container;
        }
        PodCondition ready = condition(pod, "Ready");
        if (ready != null && "False".equals(ready.getStatus())) {
            return join("not ready", ready.getReason(), ready.getMessage());
        }
        return phase == null ? "no status yet (the kubelet has not reported)" : "not ready (phase " + phase + ")";
    }

    /**
     * Why the pod is not available, naming it: what the rollout conditions say about a node the
     * rollout waits on. A Ready pod may still wait out minReadySeconds.
     */
    public static String describe(Pod pod, int minReadySeconds, java.time.Instant now) {
        String problem = describe(pod);
        if (problem == null) {
            problem = PodConditions.isAvailable(pod, minReadySeconds, now)
                    ? "available"
                    : "ready, not yet available (minReadySeconds " + minReadySeconds + ")";
        }
        return "pod " + pod.getMetadata().getName() + " " + problem;
    }

    /** The first container that is waiting, failed or running unready. */
    private static String containerProblem(List<ContainerStatus> statuses, String kind) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus cs : statuses) {
            ContainerState state = cs.getState();
            String name = kind + cs.getName();
            if (state != null && state.getWaiting() != null) {
                return join(
                                name + " waiting",
                                state.getWaiting().getReason(),
                                state.getWaiting().getMessage())
                        + lastTermination(cs);
            }
            if (state != null && state.getTerminated() != null && !isSuccess(state.getTerminated())) {
                return join(
                                name + " terminated",
                                state.getTerminated().getReason(),
                                state.getTerminated().getMessage())
                        + exitCode(state.getTerminated())
                        + restarts(cs);
            }
            if (state != null
                    && state.getRunning() != null
                    && !Boolean.TRUE.equals(cs.getReady())
                    && !kind.startsWith("init")) {
                return name + " running but not ready (readiness probe failing?)" + restarts(cs);
            }
        }
        return null;
    }

    /** CrashLoopBackOff hides why the container died; the last termination tells. */
    private static String lastTermination(ContainerStatus cs) {
        ContainerStateTerminated last =
                cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        if (last == null) {
            return restarts(cs);
        }
        String reason = last.getReason() == null || last.getReason().isEmpty() ? "terminated" : last.getReason();
        return "; last exit: " + reason + exitCode(last) + restarts(cs);
    }

    private static boolean isSuccess(ContainerStateTerminated t) {
        return t.getExitCode() != null && t.getExitCode() == 0;
    }

    private static String exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? "" : " (exit code " + t.getExitCode() + ")";
    }

    private static String restarts(ContainerStatus cs) {
        Integer n = cs.getRestartCount();
        return n == null || n == 0 ? "" : n == 1 ? ", restarted once" : ", restarted " + n + " times";
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** "what: reason: message", leaving out the empty parts. */
    private static String join(String what, String reason, String message) {
        StringBuilder out = new StringBuilder(what);
        if (reason != null && !reason.isEmpty()) {
            out.append(": ").append(reason);
        }
        if (message != null && !message.isEmpty()) {
            out.append(": ").append(message.strip());
        }
        return out.toString();
    }
}
