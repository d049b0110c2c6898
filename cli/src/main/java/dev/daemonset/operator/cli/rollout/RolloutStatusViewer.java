package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.plan.IntOrPercent;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what {@code rollout status} says about a DaemonSet, from the object alone. The lines are
 * kubectl's DaemonSetStatusViewer lines; partition, pause, canary and stall are this project's
 * additions, worded like kubectl's StatefulSet partition lines and its Deployment warnings.
 */
public final class RolloutStatusViewer {
    static final String STALLED = "RolloutStalled";
    static final String COMPLETE = "RolloutComplete";
    static final String PAUSED = "RolloutPaused";
    static final String INVALID_SPEC = "InvalidSpec";

    private RolloutStatusViewer() {}

    public static RolloutStatus view(DaemonSet ds) {
        String name = ds.getMetadata().getName();
        DaemonSetSpec spec = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();

        if (strategyType(spec) != UpdateStrategyType.RollingUpdate) {
            return RolloutStatus.failed("rollout status is only available for RollingUpdate strategy type");
        }
        // Counts from an older generation describe the previous spec, so nothing else can be judged yet.
        if (orZero(ds.getMetadata().getGeneration()) > orZero(status.getObservedGeneration())) {
            return RolloutStatus.inProgress("Waiting for daemon set spec update to be observed...");
        }
        DaemonSetCondition invalid = trueCondition(status, INVALID_SPEC);
        if (invalid != null) {
            return RolloutStatus.failed(
                    String.format("daemon set \"%s\" has an invalid spec%s", name, detail(invalid)));
        }

        int desired = orZero(status.getDesiredNumberScheduled());
        int updated = orZero(status.getUpdatedNumberScheduled());
        int available = orZero(status.getNumberAvailable());
        int partition;
        try {
            partition = partitionCount(rollingUpdate(spec), desired);
        } catch (IllegalArgumentException e) {
            return RolloutStatus.failed(String.format(
                    "daemon set \"%s\" has an invalid spec: spec.updateStrategy.rollingUpdate.partition: %s",
                    name, e.getMessage()));
        }
        int toUpdate = desired - partition;

        // A canary updates only the nodes its selector matches: the controller knows which those are and
        // says when they are done, so its RolloutComplete (for the observed generation) is the answer.
        RollingUpdateDaemonSet rollingUpdate = rollingUpdate(spec);
        if (rollingUpdate != null
                && rollingUpdate.getNodeSelector() != null
                && trueCondition(status, COMPLETE) != null
                && !Boolean.TRUE.equals(rollingUpdate.getPaused())) {
            return RolloutStatus.complete(String.format(
                    "canary roll out complete: %d new pods have been updated on the nodes matching"
                            + " spec.updateStrategy.rollingUpdate.nodeSelector...",
                    updated));
        }
        if (updated >= toUpdate && available >= desired) {
            return RolloutStatus.complete(
                    partition > 0
                            ? String.format("partitioned roll out complete: %d new pods have been updated...", updated)
                            : String.format("daemon set \"%s\" successfully rolled out", name));
        }
        // Checked after completion so a condition left over from a stall that later resolved cannot fail a finished
        // rollout.
        DaemonSetCondition stalled = trueCondition(status, STALLED);
        if (stalled != null) {
            return RolloutStatus.failed(String.format("daemon set \"%s\" rollout stalled%s", name, detail(stalled)));
        }
        if (updated < toUpdate) {
            String line = partition > 0
                    ? String.format(
                            "Waiting for partitioned roll out to finish: %d out of %d new pods have been updated...",
                            updated, toUpdate)
                    : String.format(
                            "Waiting for daemon set \"%s\" rollout to finish: %d out of %d new pods have been updated...",
                            name, updated, desired);
            return RolloutStatus.inProgress(withWarnings(line, updateWarnings(spec, status)));
        }
        return RolloutStatus.inProgress(String.format(
                "Waiting for daemon set \"%s\" rollout to finish: %d of %d updated pods are available...",
                name, available, desired));
    }

    /** How many desired pods the partition keeps on the old revision, resolved as the controller does. */
    static int partitionCount(RollingUpdateDaemonSet rollingUpdate, int desired) {
        if (rollingUpdate == null || rollingUpdate.getPartition() == null) {
            return 0;
        }
        int count = IntOrPercent.scaledRoundUp(rollingUpdate.getPartition(), desired);
        return Math.max(0, Math.min(count, desired));
    }

    /** Why pods are not being updated although the controller has seen the spec: the user asked for it. */
    private static List<String> updateWarnings(DaemonSetSpec spec, DaemonSetStatus status) {
        List<String> warnings = new ArrayList<>();
        RollingUpdateDaemonSet rollingUpdate = rollingUpdate(spec);
        if ((rollingUpdate != null && Boolean.TRUE.equals(rollingUpdate.getPaused()))
                || trueCondition(status, PAUSED) != null) {
            warnings.add("rollout is paused");
        }
        if (rollingUpdate != null && rollingUpdate.getNodeSelector() != null) {
            warnings.add("only nodes matching spec.updateStrategy.rollingUpdate.nodeSelector are updated");
        }
        return warnings;
    }

    private static String withWarnings(String line, List<String> warnings) {
        return warnings.isEmpty() ? line : line + " (Warning: " + String.join("; ", warnings) + ")";
    }

    private static UpdateStrategyType strategyType(DaemonSetSpec spec) {
        if (spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getType() == null) {
            return UpdateStrategyType.RollingUpdate;
        }
        return spec.getUpdateStrategy().getType();
    }

    private static RollingUpdateDaemonSet rollingUpdate(DaemonSetSpec spec) {
        return spec.getUpdateStrategy() == null
                ? null
                : spec.getUpdateStrategy().getRollingUpdate();
    }

    private static DaemonSetCondition trueCondition(DaemonSetStatus status, String type) {
        if (status.getConditions() == null) {
            return null;
        }
        for (DaemonSetCondition c : status.getConditions()) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }

    private static String detail(DaemonSetCondition condition) {
        String text = condition.getMessage() != null && !condition.getMessage().isBlank()
                ? condition.getMessage()
                : condition.getReason();
        return text == null || text.isBlank() ? "" : ": " + text;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
