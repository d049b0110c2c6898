package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutStatus.Phase.COMPLETE;
import static dev.daemonset.operator.cli.rollout.RolloutStatus.Phase.FAILED;
import static dev.daemonset.operator.cli.rollout.RolloutStatus.Phase.IN_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutStatusViewerTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsWhatKubectlWouldSay(String description, DaemonSet ds, RolloutStatus expected) {
        assertThat(RolloutStatusViewer.view(ds)).isEqualTo(expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // kubectl's TestDaemonSetStatusViewerStatus cases
                Arguments.of(
                        "upstream test1: generation 0 counts as observed",
                        ds(0, s -> counts(s, 1, 1, 0, 0)),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...")),
                Arguments.of(
                        "upstream test2: updated but not all available",
                        ds(1, s -> counts(s, 1, 2, 2, 1)),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...")),
                Arguments.of(
                        "upstream test3: done",
                        ds(1, s -> counts(s, 1, 2, 2, 2)),
                        complete("daemon set \"foo\" successfully rolled out")),
                Arguments.of(
                        "upstream test4: spec update not observed",
                        ds(2, s -> counts(s, 1, 2, 2, 2)),
                        inProgress("Waiting for daemon set spec update to be observed...")),
                Arguments.of(
                        "no status at all yet",
                        withStatus(Fixtures.daemonSet("foo"), null),
                        inProgress("Waiting for daemon set spec update to be observed...")),
                Arguments.of(
                        "nothing scheduled is a finished rollout",
                        ds(1, s -> counts(s, 1, 0, 0, 0)),
                        complete("daemon set \"foo\" successfully rolled out")),
                Arguments.of(
                        "OnDelete is refused as kubectl does",
                        strategy(ds(1, s -> counts(s, 1, 2, 0, 0)), UpdateStrategyType.OnDelete, null),
                        failed("rollout status is only available for RollingUpdate strategy type")),
                Arguments.of(
                        "no strategy means RollingUpdate",
                        strategy(ds(1, s -> counts(s, 1, 2, 1, 1)), null, null),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 2 new pods have been updated...")),

                // partition: that many desired pods stay on the old revision
                Arguments.of(
                        "partition: waiting for the pods above the partition",
                        partitioned(ds(1, s -> counts(s, 1, 5, 1, 5)), new IntOrString(2)),
                        inProgress(
                                "Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...")),
                Arguments.of(
                        "partition: done when all pods above it are updated and every pod is available",
                        partitioned(ds(1, s -> counts(s, 1, 5, 3, 5)), new IntOrString(2)),
                        complete("partitioned roll out complete: 3 new pods have been updated...")),
                Arguments.of(
                        "partition: still needs every desired pod available",
                        partitioned(ds(1, s -> counts(s, 1, 5, 3, 4)), new IntOrString(2)),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 4 of 5 updated pods are available...")),
                Arguments.of(
                        "partition percent rounds up: 30% of 5 keeps 2",
                        partitioned(ds(1, s -> counts(s, 1, 5, 3, 5)), new IntOrString("30%")),
                        complete("partitioned roll out complete: 3 new pods have been updated...")),
                Arguments.of(
                        "partition percent rounds up: 30% of 5 needs 3 updated",
                        partitioned(ds(1, s -> counts(s, 1, 5, 2, 5)), new IntOrString("30%")),
                        inProgress(
                                "Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...")),
                Arguments.of(
                        "partition larger than desired keeps every pod",
                        partitioned(ds(1, s -> counts(s, 1, 2, 0, 2)), new IntOrString(10)),
                        complete("partitioned roll out complete: 0 new pods have been updated...")),
                Arguments.of(
                        "partition 0 is a plain rollout",
                        partitioned(ds(1, s -> counts(s, 1, 2, 2, 2)), new IntOrString(0)),
                        complete("daemon set \"foo\" successfully rolled out")),

                // stalled
                Arguments.of(
                        "stalled fails with the controller's message",
                        ds(1, s -> {
                            counts(s, 1, 3, 1, 2);
                            condition(
                                    s,
                                    "RolloutStalled",
                                    "True",
                                    "ProgressDeadlineExceeded",
                                    "no progress for 600s: node-2: ImagePullBackOff");
                        }),
                        failed("daemon set \"foo\" rollout stalled: no progress for 600s: node-2: ImagePullBackOff")),
                Arguments.of(
                        "stalled without a message uses the reason",
                        ds(1, s -> {
                            counts(s, 1, 3, 1, 2);
                            condition(s, "RolloutStalled", "True", "ProgressDeadlineExceeded", null);
                        }),
                        failed("daemon set \"foo\" rollout stalled: ProgressDeadlineExceeded")),
                Arguments.of(
                        "stalled False is ignored",
                        ds(1, s -> {
                            counts(s, 1, 3, 1, 2);
                            condition(s, "RolloutStalled", "False", "Progressing", "ok");
                        }),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 3 new pods have been updated...")),
                Arguments.of(
                        "a stall reported for the previous generation does not fail the new spec",
                        ds(2, s -> {
                            counts(s, 1, 3, 1, 2);
                            condition(s, "RolloutStalled", "True", "ProgressDeadlineExceeded", "old");
                        }),
                        inProgress("Waiting for daemon set spec update to be observed...")),
                Arguments.of(
                        "a finished rollout wins over a leftover stall",
                        ds(1, s -> {
                            counts(s, 1, 3, 3, 3);
                            condition(s, "RolloutStalled", "True", "ProgressDeadlineExceeded", "old");
                        }),
                        complete("daemon set \"foo\" successfully rolled out")),

                // paused and canary keep waiting, and say why
                Arguments.of(
                        "paused in the spec",
                        paused(ds(1, s -> counts(s, 1, 3, 1, 3))),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 3 new pods have been updated..."
                                        + " (Warning: rollout is paused)")),
                Arguments.of(
                        "paused reported by the controller",
                        ds(1, s -> {
                            counts(s, 1, 3, 1, 3);
                            condition(s, "RolloutPaused", "True", "Paused", "paused by the user");
                        }),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 3 new pods have been updated..."
                                        + " (Warning: rollout is paused)")),
                Arguments.of(
                        "paused but every pod already updated: availability is what is left",
                        paused(ds(1, s -> counts(s, 1, 3, 3, 2))),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 2 of 3 updated pods are available...")),
                Arguments.of(
                        "paused and finished is finished",
                        paused(ds(1, s -> counts(s, 1, 3, 3, 3))),
                        complete("daemon set \"foo\" successfully rolled out")),
                Arguments.of(
                        "canary node selector",
                        canary(ds(1, s -> counts(s, 1, 3, 1, 3))),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 3 new pods have been updated..."
                                        + " (Warning: only nodes matching spec.updateStrategy.rollingUpdate.nodeSelector are updated)")),
                Arguments.of(
                        "canary whose matching nodes are done, as the controller reports, is complete",
                        canary(ds(1, s -> {
                            counts(s, 1, 3, 1, 3);
                            condition(
                                    s,
                                    "RolloutComplete",
                                    "True",
                                    "RolloutComplete",
                                    "1 of 3 pods updated, 3 available");
                        })),
                        complete("canary roll out complete: 1 new pods have been updated on the nodes matching"
                                + " spec.updateStrategy.rollingUpdate.nodeSelector...")),
                Arguments.of(
                        "paused canary gives both warnings",
                        paused(canary(ds(1, s -> counts(s, 1, 3, 1, 3)))),
                        inProgress(
                                "Waiting for daemon set \"foo\" rollout to finish: 1 out of 3 new pods have been updated..."
                                        + " (Warning: rollout is paused; only nodes matching spec.updateStrategy.rollingUpdate.nodeSelector"
                                        + " are updated)")),

                // invalid spec
                Arguments.of(
                        "invalid spec reported by the controller fails",
                        ds(1, s -> {
                            counts(s, 1, 0, 0, 0);
                            condition(
                                    s,
                                    "InvalidSpec",
                                    "True",
                                    "SelectorMismatch",
                                    "spec.selector: does not match template labels");
                        }),
                        failed(
                                "daemon set \"foo\" has an invalid spec: spec.selector: does not match template labels")),
                Arguments.of(
                        "unparseable partition fails instead of waiting forever",
                        partitioned(ds(1, s -> counts(s, 1, 3, 1, 3)), new IntOrString("half")),
                        failed("daemon set \"foo\" has an invalid spec: spec.updateStrategy.rollingUpdate.partition: "
                                + "invalid value for IntOrString: half")));
    }

    private static RolloutStatus inProgress(String line) {
        return new RolloutStatus(IN_PROGRESS, line);
    }

    private static RolloutStatus complete(String line) {
        return new RolloutStatus(COMPLETE, line);
    }

    private static RolloutStatus failed(String reason) {
        return new RolloutStatus(FAILED, reason);
    }

    private static DaemonSet ds(long generation, Consumer<DaemonSetStatus> status) {
        DaemonSet ds = Fixtures.daemonSet("foo");
        ds.getMetadata().setGeneration(generation);
        DaemonSetStatus s = new DaemonSetStatus();
        status.accept(s);
        return withStatus(ds, s);
    }

    private static DaemonSet withStatus(DaemonSet ds, DaemonSetStatus status) {
        ds.setStatus(status);
        return ds;
    }

    private static void counts(DaemonSetStatus s, long observedGeneration, int desired, int updated, int available) {
        s.setObservedGeneration(observedGeneration);
        s.setDesiredNumberScheduled(desired);
        s.setUpdatedNumberScheduled(updated);
        s.setNumberAvailable(available);
        s.setNumberUnavailable(desired - available);
    }

    private static void condition(DaemonSetStatus s, String type, String status, String reason, String message) {
        List<DaemonSetCondition> conditions = new ArrayList<>(s.getConditions());
        conditions.add(
                new DaemonSetCondition(type, status, reason, message, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"));
        s.setConditions(conditions);
    }

    private static DaemonSet strategy(DaemonSet ds, UpdateStrategyType type, RollingUpdateDaemonSet rollingUpdate) {
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(type);
        strategy.setRollingUpdate(rollingUpdate);
        ds.getSpec().setUpdateStrategy(strategy);
        return ds;
    }

    private static RollingUpdateDaemonSet rollingUpdate(DaemonSet ds) {
        if (ds.getSpec().getUpdateStrategy() == null) {
            strategy(ds, UpdateStrategyType.RollingUpdate, new RollingUpdateDaemonSet());
        }
        return ds.getSpec().getUpdateStrategy().getRollingUpdate();
    }

    private static DaemonSet partitioned(DaemonSet ds, IntOrString partition) {
        rollingUpdate(ds).setPartition(partition);
        return ds;
    }

    private static DaemonSet paused(DaemonSet ds) {
        rollingUpdate(ds).setPaused(true);
        return ds;
    }

    private static DaemonSet canary(DaemonSet ds) {
        LabelSelector canaryNodes = new LabelSelector();
        canaryNodes.setMatchLabels(Map.of("canary", "true"));
        rollingUpdate(ds).setNodeSelector(canaryNodes);
        return ds;
    }
}
