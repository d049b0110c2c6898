package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stall message names the first few nodes whose new pod is in trouble and counts the rest. */
class RolloutProblemsTest {
    private final DaemonSet ds = daemonSet("agent");

    @Test
    void namesFiveNodesWithoutAnAvailableNewPodAndCountsTheRestAndThoseWaitingForTheirTurn() {
        Map<String, List<Pod>> pods = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            pending.add("node-" + i);
            pods.put("node-" + i, List.of(daemonPod(ds, "node-" + i, "new", i)));
        }
        pending.add("node-8");
        pending.add("node-9");
        pods.put("node-9", List.of(daemonPod(ds, "node-9", "old", 9)));

        List<String> problems = RolloutProblems.describe(pending, pods, "new", 0, T0.plusSeconds(60));

        assertThat(problems).hasSize(RolloutProblems.MAX_NAMED + 2);
        assertThat(problems.get(0)).startsWith("node-1 (");
        assertThat(problems)
                .contains("3 more node(s) not available yet", "1 node(s) waiting for their turn")
                .noneMatch(p -> p.startsWith("node-8"));
    }
}
