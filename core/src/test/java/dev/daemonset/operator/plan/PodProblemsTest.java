package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.phase;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one-line "what is wrong with this pod" that explain shows next to a daemon pod. */
class PodProblemsTest {
    record Row(String name, UnaryOperator<Pod> status, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("running and ready: nothing", p -> ready(p, T0), null),
                new Row(
                        "readiness probe failing",
                        p -> containers(
                                phase(p, "Running"),
                                new ContainerStatusBuilder()
                                        .withName("agent")
                                        .withReady(false)
                                        .withRestartCount(0)
                                        .withState(new ContainerStateBuilder()
                                                .withNewRunning()
                                                .endRunning()
                                                .build())
                                        .build()),
                        "container agent running but not ready (readiness probe failing?)"),
                new Row(
                        "init container failing comes before the app container waiting on it",
                        p -> {
                            p.getStatus()
                                    .setInitContainerStatuses(List.of(new ContainerStatusBuilder()
                                            .withName("setup")
                                            .withReady(false)
                                            .withRestartCount(2)
                                            .withState(new ContainerStateBuilder()
                                                    .withNewTerminated()
                                                    .withReason("Error")
                                                    .withExitCode(1)
                                                    .endTerminated()
                                                    .build())
                                            .build()));
                            return containers(
                                    p,
                                    new ContainerStatusBuilder()
                                            .withName("agent")
                                            .withReady(false)
                                            .withRestartCount(0)
                                            .withState(new ContainerStateBuilder()
                                                    .withNewWaiting()
                                                    .withReason("PodInitializing")
                                                    .endWaiting()
                                                    .build())
                                            .build());
                        },
                        "init container setup terminated: Error (exit code 1), restarted 2 times"),
                new Row(
                        "not ready, reported by the Ready condition only",
                        p -> {
                            p.getStatus()
                                    .setConditions(List.of(new PodConditionBuilder()
                                            .withType("Ready")
                                            .withStatus("False")
                                            .withReason("ContainersNotReady")
                                            .withMessage("containers with unready status: [agent]")
                                            .build()));
                            return p;
                        },
                        "not ready: ContainersNotReady: containers with unready status: [agent]"),
                new Row("succeeded", p -> phase(p, "Succeeded"), "pod succeeded, but a daemon pod must keep running"),
                new Row(
                        "no status at all",
                        p -> {
                            p.setStatus(null);
                            return p;
                        },
                        "no status yet (the kubelet has not reported)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void describesTheFirstProblem(Row row) {
        Pod pod = row.status().apply(daemonPod(daemonSet("agent"), "n1", "h", 1));
        assertThat(PodProblems.describe(pod)).isEqualTo(row.problem());
    }

    private static Pod containers(Pod pod, ContainerStatus... statuses) {
        pod.getStatus().setContainerStatuses(List.of(statuses));
        return pod;
    }
}
