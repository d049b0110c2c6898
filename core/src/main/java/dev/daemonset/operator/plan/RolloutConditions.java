package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Derives the rollout conditions from where the rollout stands, so {@code kubectl get -o yaml} and
 * {@code rollout status} say what it is doing, not only counts.
 *
 * <p>Progress is measured by the RolloutProgressing message ("3 of 10 pods updated, 9 available"):
 * whenever it changes, its lastUpdateTime moves. A rollout whose message has not changed for
 * progressDeadlineSeconds is stalled; the time lives in status, so a restarted operator keeps
 * counting from the same moment. A paused rollout, an OnDelete DaemonSet and a finished rollout
 * are never stalled.
 */
public final class RolloutConditions {
    public static final String PROGRESSING = "RolloutProgressing";
    public static final String COMPLETE = "RolloutComplete";
    public static final String PAUSED = "RolloutPaused";
    public static final String STALLED = "RolloutStalled";
    public static final List<String> TYPES = List.of(PROGRESSING, COMPLETE, PAUSED, STALLED);

    private RolloutConditions() {}

    public record Input(
            boolean rollingUpdate,
            boolean paused,
            int desired,
            int updated,
            int available,
            int updateSetSize,
            int partitionCount,
            List<String> pendingProblems,
            int progressDeadlineSeconds,
            List<DaemonSetCondition> previous,
            Instant now) {}

    public record Result(List<DaemonSetCondition> conditions, Duration requeueAfter) {}

    public static Result compute(Input in) {
        // OnDelete has no update set (the user chooses which pods to replace), so only pods tell when it is done
        boolean complete = in.pendingProblems().isEmpty()
                && in.available() >= in.desired()
                && (in.rollingUpdate() || in.updated() >= in.desired());
        String summary = summary(in);
        List<DaemonSetCondition> c = in.previous();
        Duration requeue = null;

        c = Conditions.set(
                c, COMPLETE, complete, complete ? "RolloutComplete" : "RolloutInProgress", summary, in.now());
        if (in.paused()) {
            c = Conditions.set(
                    c,
                    PAUSED,
                    true,
                    "Paused",
                    "spec.updateStrategy.rollingUpdate.paused is true: no pod is " + "replaced for the update; "
                            + summary,
                    in.now());
        } else if (Conditions.find(c, PAUSED) != null) {
            c = Conditions.set(c, PAUSED, false, "Resumed", "the rollout is not paused", in.now());
        }

        boolean rolling = in.rollingUpdate() && !in.paused() && !complete;
        if (!rolling) {
            String reason = complete ? "Complete" : in.paused() ? "Paused" : "OnDelete";
            String message =
                    complete || in.paused() ? summary : summary + "; OnDelete replaces a pod when it is deleted";
            c = Conditions.set(c, PROGRESSING, false, reason, message, in.now());
            if (Conditions.find(c, STALLED) != null) {
                c = Conditions.set(c, STALLED, false, reason, summary, in.now());
            }
            return new Result(c, null);
        }

        DaemonSetCondition before = Conditions.find(in.previous(), PROGRESSING);
        boolean noProgress = before != null && "True".equals(before.getStatus()) && summary.equals(before.getMessage());
        DaemonSetCondition stalledBefore = Conditions.find(in.previous(), STALLED);
        Instant lastProgress = noProgress ? PodConditions.parse(before.getLastUpdateTime()) : in.now();
        Instant deadline = lastProgress == null ? in.now() : lastProgress.plusSeconds(in.progressDeadlineSeconds());
        boolean stalled = noProgress
                && ((stalledBefore != null && "True".equals(stalledBefore.getStatus()))
                        || !in.now().isBefore(deadline));

        c = Conditions.set(c, PROGRESSING, true, "RollingUpdate", summary, in.now());
        if (stalled) {
            c = Conditions.set(
                    c,
                    STALLED,
                    true,
                    "ProgressDeadlineExceeded",
                    "no progress for " + in.progressDeadlineSeconds() + "s: " + summary + "; waiting on "
                            + String.join(", ", in.pendingProblems()),
                    in.now());
        } else {
            if (Conditions.find(c, STALLED) != null) {
                c = Conditions.set(c, STALLED, false, "Progressing", summary, in.now());
            }
            requeue = Duration.between(in.now(), deadline).plusSeconds(1);
        }
        return new Result(c, requeue);
    }

    static String summary(Input in) {
        String s = in.updated() + " of " + in.desired() + " pods updated, " + in.available() + " available";
        if (in.partitionCount() > 0) {
            s += "; partition keeps " + in.partitionCount() + " on the old revision";
        }
        if (in.rollingUpdate() && in.updateSetSize() + in.partitionCount() < in.desired()) {
            s += "; " + in.updateSetSize() + " node(s) selected for update";
        }
        return s;
    }
}
