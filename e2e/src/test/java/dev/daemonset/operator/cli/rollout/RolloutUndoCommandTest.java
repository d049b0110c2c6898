package dev.daemonset.operator.cli.rollout;

import static dev.daemonset.operator.cli.rollout.RolloutFixtures.createRevision;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.get;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.template;
import static dev.daemonset.operator.cli.rollout.RolloutFixtures.updateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.InProcessCli;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutUndoCommandTest extends MockClusterCommandTest {
    /** Revisions 1, 2, 3 of name; the DaemonSet runs 3, whose template has an env var the older ones lack. */
    private static DaemonSet threeRevisions(String name) {
        DaemonSet ds = Fixtures.daemonSet(name, "default", Map.of("app", name));
        ds.getSpec().setTemplate(v3(name));
        ds = cluster.createDaemonSet(ds);
        createRevision(cluster, ds, 1, template(name, "1.0"), null);
        createRevision(cluster, ds, 2, template(name, "2.0"), null);
        String current =
                createRevision(cluster, ds, 3, v3(name), null).getMetadata().getName();
        updateStatus(cluster, ds, s -> {
            s.setObservedGeneration(1L);
            s.setUpdateRevision(current);
            s.setCurrentRevision(current);
        });
        return ds;
    }

    private static PodTemplateSpec v3(String name) {
        PodTemplateSpec t = template(name, "3.0");
        t.getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("FEATURE_X", "on", null)));
        t.getMetadata().setAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-01-01T00:00:00Z"));
        return t;
    }

    @Test
    void undoRestoresThePreviousRevisionsTemplateExactly() {
        threeRevisions("agent");

        InProcessCli.Result result = cli.run("undo", "agent");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("daemonset.daemonset.dev/agent rolled back\n");
        PodTemplateSpec restored = get(cluster, "default", "agent").getSpec().getTemplate();
        assertThat(PodTemplates.same(restored, template("agent", "2.0")))
                .as("fields only revision 3 had are gone, not merged")
                .isTrue();
        assertThat(rawTemplate("agent")).doesNotContainKey("$patch");
    }

    @Test
    void undoToARevisionRestoresThatRevision() {
        threeRevisions("pinned");

        InProcessCli.Result result = cli.run("undo", "pinned", "--to-revision", "1");

        assertThat(result.out()).isEqualTo("daemonset.daemonset.dev/pinned rolled back\n");
        assertThat(PodTemplates.same(
                        get(cluster, "default", "pinned").getSpec().getTemplate(), template("pinned", "1.0")))
                .isTrue();
    }

    @Test
    void undoToTheRevisionAlreadyRunningChangesNothing() {
        DaemonSet before =
                get(cluster, "default", threeRevisions("steady").getMetadata().getName());

        InProcessCli.Result result = cli.run("undo", "steady", "--to-revision=3");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        "daemonset.daemonset.dev/steady skipped rollback (current template already matches revision 3)\n");
        DaemonSet after = get(cluster, "default", "steady");
        assertThat(after.getMetadata().getGeneration())
                .isEqualTo(before.getMetadata().getGeneration());
        assertThat(after.getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void aSecondUndoAfterTheControllerRecordedTheRollbackGoesFurtherBack() {
        threeRevisions("twice");
        assertThat(cli.run("undo", "twice").exitCode()).isZero();
        // the status still names revision 3; the template now matches revision 2

        InProcessCli.Result result = cli.run("undo", "twice");

        assertThat(result.out()).isEqualTo("daemonset.daemonset.dev/twice rolled back\n");
        assertThat(PodTemplates.same(
                        get(cluster, "default", "twice").getSpec().getTemplate(), template("twice", "1.0")))
                .isTrue();
    }

    @Test
    void anUnknownRevisionIsAnErrorAndChangesNothing() {
        threeRevisions("typo");

        InProcessCli.Result result = cli.run("undo", "typo", "--to-revision", "9");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: unable to find specified revision 9 in history\n");
        assertThat(PodTemplates.same(get(cluster, "default", "typo").getSpec().getTemplate(), v3("typo")))
                .isTrue();
    }

    @Test
    void withOneRevisionThereIsNothingToUndo() {
        DaemonSet ds = cluster.createDaemonSet(Fixtures.daemonSet("single", "default", Map.of("app", "single")));
        createRevision(cluster, ds, 1, ds.getSpec().getTemplate(), null);

        InProcessCli.Result result = cli.run("undo", "single");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no last revision to roll back to\n");
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        InProcessCli.Result result = cli.run("undo", "ghost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"ghost\" not found\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rawTemplate(String name) {
        GenericKubernetesResource raw = cluster.client()
                .genericKubernetesResources(DaemonSet.API_VERSION, DaemonSet.KIND)
                .inNamespace("default")
                .withName(name)
                .get();
        Map<String, Object> spec =
                (Map<String, Object>) raw.getAdditionalProperties().get("spec");
        return (Map<String, Object>) spec.get("template");
    }
}
