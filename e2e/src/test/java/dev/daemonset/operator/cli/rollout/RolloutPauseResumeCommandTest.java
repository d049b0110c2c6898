package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createDaemonSet;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.InProcessCli;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPauseResumeCommandTest extends MockClusterCommandTest {
    @Test
    void pauseThenResumeTogglesTheRollingUpdate() {
        createDaemonSet(cluster, "agent", "default", "1.0");

        InProcessCli.Result paused = cli.run("pause", "agent");

        assertThat(paused.exitCode()).isZero();
        assertThat(paused.out()).isEqualTo("daemonset.daemonset.dev/agent paused\n");
        assertThat(rollingUpdate("agent").getPaused()).isTrue();

        InProcessCli.Result resumed = cli.run("resume", "agent");

        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).isEqualTo("daemonset.daemonset.dev/agent resumed\n");
        assertThat(rollingUpdate("agent").getPaused()).isNull();
    }

    @Test
    void pausingKeepsTheOtherRollingUpdateSettings() {
        DaemonSet ds = Fixtures.daemonSet("tuned", "default", Map.of("app", "tuned"));
        ds.getSpec().setUpdateStrategy(new DaemonSetUpdateStrategy());
        ds.getSpec().getUpdateStrategy().setRollingUpdate(new RollingUpdateDaemonSet());
        ds.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
        ds.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(new IntOrString(2));
        cluster.createDaemonSet(ds);

        cli.run("pause", "tuned");
        cli.run("resume", "tuned");

        RollingUpdateDaemonSet rollingUpdate = rollingUpdate("tuned");
        assertThat(rollingUpdate.getMaxUnavailable()).isEqualTo(new IntOrString("25%"));
        assertThat(rollingUpdate.getPartition()).isEqualTo(new IntOrString(2));
    }

    @Test
    void pausingTwiceIsAnErrorAsInKubectl() {
        createDaemonSet(cluster, "twice", "default", "1.0");
        cli.run("pause", "twice");

        InProcessCli.Result again = cli.run("pause", "twice");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("error: daemonsets.daemonset.dev \"twice\" is already paused\n");
    }

    @Test
    void resumingARolloutThatIsNotPausedIsAnError() {
        createDaemonSet(cluster, "running", "default", "1.0");

        InProcessCli.Result result = cli.run("resume", "running");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: daemonsets.daemonset.dev \"running\" is not paused\n");
    }

    @Test
    void onDeleteHasNoRollingUpdateToPause() {
        DaemonSet ds = Fixtures.daemonSet("manual", "default", Map.of("app", "manual"));
        ds.getSpec().setUpdateStrategy(new DaemonSetUpdateStrategy());
        ds.getSpec().getUpdateStrategy().setType(UpdateStrategyType.OnDelete);
        cluster.createDaemonSet(ds);

        InProcessCli.Result result = cli.run("pause", "manual");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("error: daemonsets.daemonset.dev \"manual\" pausing is only supported for"
                        + " the RollingUpdate strategy type\n");
        assertThat(get(cluster, "default", "manual")
                        .getSpec()
                        .getUpdateStrategy()
                        .getRollingUpdate())
                .isNull();
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        assertThat(cli.run("pause", "ghost").err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
        assertThat(cli.run("resume", "ghost").err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
    }

    private static RollingUpdateDaemonSet rollingUpdate(String name) {
        return get(cluster, "default", name).getSpec().getUpdateStrategy().getRollingUpdate();
    }
}
