package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createDaemonSet;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.InProcessCli;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutRestartCommandTest extends MockClusterCommandTest {
    @Test
    void stampsThePodTemplateWithTheRestartTimeSoEveryPodIsReplaced() {
        DaemonSet before = createDaemonSet(cluster, "agent", "default", "1.0");
        OffsetDateTime start = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);

        InProcessCli.Result result = cli.run("restart", "agent");

        OffsetDateTime end = OffsetDateTime.now();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("daemonset.daemonset.dev/agent restarted\n");
        DaemonSet after = get(cluster, "default", "agent");
        String restartedAt =
                after.getSpec().getTemplate().getMetadata().getAnnotations().get("kubectl.kubernetes.io/restartedAt");
        assertThat(restartedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(OffsetDateTime.parse(restartedAt)).isBetween(start, end);
        assertThat(after.getMetadata().getGeneration())
                .as("a spec change the controller rolls out")
                .isGreaterThan(before.getMetadata().getGeneration());
        assertThat(after.getSpec().getTemplate().getSpec())
                .isEqualTo(before.getSpec().getTemplate().getSpec());
    }

    @Test
    void keepsTheTemplatesOtherAnnotations() {
        DaemonSet ds = Fixtures.daemonSet("annotated", "default", Map.of("app", "annotated"));
        ds.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("prometheus.io/scrape", "true"));
        cluster.createDaemonSet(ds);

        cli.run("restart", "annotated");

        assertThat(get(cluster, "default", "annotated")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsKey("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        InProcessCli.Result result = cli.run("restart", "ghost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
    }
}
