package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.plan.PodReport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodWarningsTest {
    private static final String PULL = "failed to pull and unpack image \"example.com/agent:2\": not found";

    @Test
    void aPodsLatestWarningFollowsItsProblem() {
        PodWarnings warnings = new PodWarnings(List.of(
                warning("agent-a", "FailedMount", "configmap \"old\" not found", "2026-12-07T01:00:00Z"),
                warning("agent-a", "FailedMount", "configmap \"agent-config\" not found", "2026-12-07T01:00:09Z"),
                warning("agent-b", "BackOff", "Back-off restarting failed container", "2026-12-07T01:00:10Z")));

        assertThat(warnings.annotate(pod("agent-a", "container agent waiting: ContainerCreating"))
                        .problem())
                .isEqualTo("container agent waiting: ContainerCreating (last warning: FailedMount: configmap"
                        + " \"agent-config\" not found)");
    }

    @Test
    void aHealthyPodAPodWithoutWarningsAndAWarningThatRepeatsTheProblemAddNothing() {
        PodWarnings warnings = new PodWarnings(List.of(
                warning("agent-a", "Failed", PULL, "2026-12-07T01:00:00Z"),
                warning("agent-b", "FailedMount", "configmap \"c\" not found", "2026-12-07T01:00:00Z")));

        assertThat(warnings.annotate(pod("agent-a", "container agent waiting: ErrImagePull: " + PULL))
                        .problem())
                .isEqualTo("container agent waiting: ErrImagePull: " + PULL);
        assertThat(warnings.annotate(pod("agent-b", null)).problem()).isNull();
        assertThat(warnings.annotate(pod("agent-c", "not scheduled yet")).problem())
                .isEqualTo("not scheduled yet");
    }

    private static Event warning(String pod, String reason, String message, String at) {
        return new EventBuilder()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(pod)
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withLastTimestamp(at)
                .build();
    }

    private static PodReport pod(String name, String problem) {
        return new PodReport(name, "Pending", false, false, "abc", true, true, false, problem);
    }
}
