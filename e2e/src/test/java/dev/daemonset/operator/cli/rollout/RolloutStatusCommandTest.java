package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.condition;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.counts;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createDaemonSet;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.updateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.InProcessCli;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutStatusCommandTest extends MockClusterCommandTest {
    @Test
    void waitsWhileTheRolloutProgressesAndSucceedsWhenItFinishes() {
        DaemonSet ds = createDaemonSet(cluster, "agent", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 1, 1));

        InProcessCli.Running status = cli.start("status", "agent");
        status.awaitLine(
                "Waiting for daemon set \"agent\" rollout to finish: 1 out of 3 new pods have been updated...");

        updateStatus(cluster, ds, counts(1, 3, 3, 2));
        status.awaitLine("Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available...");
        assertThat(status.exited())
                .as("still waiting while a pod is unavailable")
                .isFalse();

        updateStatus(cluster, ds, counts(1, 3, 3, 3));
        InProcessCli.Result result = status.awaitExit();

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.outLines())
                .as("each line once, in order")
                .containsExactly(
                        "Waiting for daemon set \"agent\" rollout to finish: 1 out of 3 new pods have been updated...",
                        "Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available...",
                        "daemon set \"agent\" successfully rolled out");
    }

    @Test
    void waitsForTheControllerToObserveANewSpec() {
        DaemonSet ds = createDaemonSet(cluster, "observer", "default", "1.0");
        updateStatus(cluster, ds, counts(0, 2, 2, 2));

        InProcessCli.Running status = cli.start("status", "observer");
        status.awaitLine("Waiting for daemon set spec update to be observed...");
        updateStatus(cluster, ds, counts(1, 2, 2, 2));

        InProcessCli.Result result = status.awaitExit();
        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines())
                .containsExactly(
                        "Waiting for daemon set spec update to be observed...",
                        "daemon set \"observer\" successfully rolled out");
    }

    @Test
    void aFinishedRolloutReturnsAtOnce() {
        DaemonSet ds = createDaemonSet(cluster, "done", "default", "1.0");
        updateStatus(cluster, ds, counts(1, 2, 2, 2));

        InProcessCli.Result result = cli.run("status", "done");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("daemon set \"done\" successfully rolled out\n");
    }

    @Test
    void aStalledRolloutFailsWithTheControllersMessage() {
        DaemonSet ds = createDaemonSet(cluster, "stuck", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 1, 2));
        updateStatus(
                cluster,
                ds,
                condition(
                        "RolloutStalled",
                        "True",
                        "ProgressDeadlineExceeded",
                        "no progress for 600s; node-2: ImagePullBackOff"));

        InProcessCli.Result result = cli.run("status", "stuck");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo(
                        "error: daemon set \"stuck\" rollout stalled: no progress for 600s; node-2: ImagePullBackOff\n");
    }

    @Test
    void aRolloutThatStallsWhileWatchedFails() {
        DaemonSet ds = createDaemonSet(cluster, "stalls-later", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 1, 3));

        InProcessCli.Running status = cli.start("status", "stalls-later");
        status.awaitLine(
                "Waiting for daemon set \"stalls-later\" rollout to finish: 1 out of 3 new pods have been updated...");
        updateStatus(
                cluster,
                ds,
                condition("RolloutStalled", "True", "ProgressDeadlineExceeded", "node-1: CrashLoopBackOff"));

        InProcessCli.Result result = status.awaitExit();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("error: daemon set \"stalls-later\" rollout stalled: node-1: CrashLoopBackOff\n");
    }

    @Test
    void givesUpAfterTheTimeout() {
        DaemonSet ds = createDaemonSet(cluster, "slow", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 0, 3));

        InProcessCli.Running status = cli.start("status", "slow", "--timeout", "2s");
        status.awaitLine("Waiting for daemon set \"slow\" rollout to finish: 0 out of 3 new pods have been updated...");
        // progress while waiting is shown, and does not extend the timeout
        updateStatus(cluster, ds, counts(1, 3, 1, 3));
        status.awaitLine("Waiting for daemon set \"slow\" rollout to finish: 1 out of 3 new pods have been updated...");
        InProcessCli.Result result = status.awaitExit();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines())
                .containsExactly(
                        "Waiting for daemon set \"slow\" rollout to finish: 0 out of 3 new pods have been updated...",
                        "Waiting for daemon set \"slow\" rollout to finish: 1 out of 3 new pods have been updated...");
        assertThat(result.err()).isEqualTo("error: timed out waiting for the condition\n");
    }

    @Test
    void aPausedRolloutSaysWhyItIsNotProgressing() {
        DaemonSet ds = Fixtures.daemonSet("held", "default", Map.of("app", "held"));
        ds.getSpec().setUpdateStrategy(new DaemonSetUpdateStrategy());
        ds.getSpec().getUpdateStrategy().setRollingUpdate(new RollingUpdateDaemonSet());
        ds.getSpec().getUpdateStrategy().getRollingUpdate().setPaused(true);
        ds = cluster.createDaemonSet(ds);
        updateStatus(cluster, ds, counts(1, 3, 1, 3));

        InProcessCli.Result result = cli.run("status", "held", "-w=false");

        assertThat(result.out())
                .isEqualTo("Waiting for daemon set \"held\" rollout to finish: 1 out of 3 new pods have"
                        + " been updated... (Warning: rollout is paused)\n");
    }

    @Test
    void withoutWatchPrintsTheCurrentStateOnceAndSucceedsAsKubectlDoes() {
        DaemonSet ds = createDaemonSet(cluster, "once", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 2, 3));

        InProcessCli.Result result = cli.run("status", "once", "--watch=false");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        "Waiting for daemon set \"once\" rollout to finish: 2 out of 3 new pods have been updated...\n");
    }

    @Test
    void onDeleteHasNoRolloutStatus() {
        DaemonSet ds = Fixtures.daemonSet("manual", "default", Map.of("app", "manual"));
        ds.getSpec().setUpdateStrategy(new DaemonSetUpdateStrategy());
        ds.getSpec().getUpdateStrategy().setType(UpdateStrategyType.OnDelete);
        cluster.createDaemonSet(ds);

        InProcessCli.Result result = cli.run("status", "manual");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: rollout status is only available for RollingUpdate strategy type\n");
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        InProcessCli.Result result = cli.run("status", "ghost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
    }

    @Test
    void stopsWhenTheDaemonSetIsDeletedWhileWatched() {
        DaemonSet ds = createDaemonSet(cluster, "doomed", "default", "2.0");
        updateStatus(cluster, ds, counts(1, 3, 0, 3));
        InProcessCli.Running status = cli.start("status", "doomed");
        status.awaitLine(
                "Waiting for daemon set \"doomed\" rollout to finish: 0 out of 3 new pods have been updated...");
        // a line only the watcher can deliver, so it has listed: the mock server does not replay a delete
        // that falls between the watcher's list and its watch, as a real API server does
        updateStatus(cluster, ds, counts(1, 3, 1, 3));
        status.awaitLine(
                "Waiting for daemon set \"doomed\" rollout to finish: 1 out of 3 new pods have been updated...");

        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .withName("doomed")
                .delete();

        InProcessCli.Result result = status.awaitExit();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: object has been deleted\n");
    }

    @Test
    void findsTheDaemonSetInTheNamespaceGiven() {
        DaemonSet ds = createDaemonSet(cluster, "agent", "monitoring", "1.0");
        updateStatus(cluster, ds, counts(1, 1, 1, 1));

        InProcessCli.Result result = cli.run("status", "ds/agent", "-n", "monitoring");

        assertThat(result.out()).isEqualTo("daemon set \"agent\" successfully rolled out\n");
    }

    @Test
    void aTimeoutThatIsNotADurationIsAUsageError() {
        InProcessCli.Result result = cli.run("status", "agent", "--timeout", "30");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid duration \"30\"").contains("e.g. 30s, 2m");
    }
}
