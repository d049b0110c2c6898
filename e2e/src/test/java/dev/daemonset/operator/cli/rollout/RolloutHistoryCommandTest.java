package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createDaemonSet;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createRevision;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.InProcessCli;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolloutHistoryCommandTest extends MockClusterCommandTest {
    @Test
    void listsTheOwnedRevisionsOldestFirstWithTheirChangeCause() {
        DaemonSet ds = createDaemonSet(cluster, "agent", "default", "3.0");
        createRevision(cluster, ds, 3, template("agent", "3.0"), "agent 3.0: fix memory leak");
        createRevision(cluster, ds, 1, template("agent", "1.0"), null);
        createRevision(cluster, ds, 2, template("agent", "2.0"), "upgrade to 2.0");

        InProcessCli.Result result = cli.run("history", "agent");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
        daemonset.daemonset.dev/agent
        REVISION  CHANGE-CAUSE
        1         <none>
        2         upgrade to 2.0
        3         agent 3.0: fix memory leak

        """);
    }

    @Test
    void ignoresRevisionsOwnedBySomethingElse() {
        DaemonSet ds = createDaemonSet(cluster, "mine", "default", "1.0");
        createRevision(cluster, ds, 1, template("mine", "1.0"), null);
        DaemonSet impostor = createDaemonSet(cluster, "mine-too", "default", "9.0");
        impostor.getMetadata().setName("mine");
        impostor.getMetadata().setUid(UUID.randomUUID().toString());
        // same labels and name prefix, different owner: a previous DaemonSet of the same name, say
        createRevision(cluster, impostor, 7, template("mine", "9.0"), "not mine");

        InProcessCli.Result result = cli.run("history", "mine");

        assertThat(result.outLines())
                .containsExactly("daemonset.daemonset.dev/mine", "REVISION  CHANGE-CAUSE", "1         <none>");
    }

    @Test
    void showsTheTemplateOfOneRevision() {
        DaemonSet ds = createDaemonSet(cluster, "detail", "default", "2.0");
        PodTemplateSpec old = template("detail", "1.0");
        ResourceRequirements resources = new ResourceRequirements();
        resources.setLimits(Map.of("cpu", new Quantity("100m")));
        old.getSpec().getContainers().get(0).setResources(resources);
        Probe probe = new Probe();
        probe.setHttpGet(new io.fabric8.kubernetes.api.model.HTTPGetAction());
        probe.getHttpGet().setPort(new IntOrString(8080));
        probe.getHttpGet().setPath("/healthz");
        old.getSpec().getContainers().get(0).setLivenessProbe(probe);
        createRevision(cluster, ds, 1, old, null);
        createRevision(cluster, ds, 2, template("detail", "2.0"), null);

        InProcessCli.Result result = cli.run("history", "detail", "--revision", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("daemonset.daemonset.dev/detail with revision #1\nPod Template:\n  metadata:\n    labels:\n"
                        + "      app: detail\n")
                .contains("    - image: registry.example/detail:1.0\n")
                .contains("          cpu: 100m\n")
                .contains("          port: 8080\n")
                .doesNotContain("$patch")
                .doesNotContain("detail:2.0")
                .endsWith("\n\n");
    }

    @Test
    void anUnknownRevisionIsAnError() {
        DaemonSet ds = createDaemonSet(cluster, "short", "default", "1.0");
        createRevision(cluster, ds, 1, template("short", "1.0"), null);

        InProcessCli.Result result = cli.run("history", "short", "--revision=5");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: unable to find the specified revision\n");
    }

    @Test
    void aRevisionWhoseDataHoldsNoTemplateIsListedButCannotBeShown() {
        DaemonSet ds = createDaemonSet(cluster, "odd", "default", "2.0");
        createRevision(cluster, ds, 1, template("odd", "1.0"), null);
        ControllerRevision broken = createRevision(cluster, ds, 2, template("odd", "2.0"), null);
        broken.setData(Map.of("spec", Map.of()));
        cluster.client()
                .apps()
                .controllerRevisions()
                .inNamespace("default")
                .resource(broken)
                .update();

        assertThat(cli.run("history", "odd").outLines())
                .containsExactly(
                        "daemonset.daemonset.dev/odd",
                        "REVISION  CHANGE-CAUSE",
                        "1         <none>",
                        "2         <none>");
        InProcessCli.Result shown = cli.run("history", "odd", "--revision", "2");
        assertThat(shown.exitCode()).isEqualTo(1);
        assertThat(shown.err())
                .isEqualTo(
                        "error: unable to parse history " + broken.getMetadata().getName() + "\n");
    }

    @Test
    void aDaemonSetWithoutRevisionsHasNoHistory() {
        createDaemonSet(cluster, "fresh", "default", "1.0");

        InProcessCli.Result result = cli.run("history", "fresh");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("daemonset.daemonset.dev/fresh\nNo rollout history found.\n");
    }

    @Test
    void aNegativeRevisionIsRejectedBeforeAskingTheCluster() {
        InProcessCli.Result result = cli.run("history", "agent", "--revision=-2");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: revision must be a positive integer: -2\n");
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        InProcessCli.Result result = cli.run("history", "ghost");

        assertThat(result.err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
    }
}
