package dev.daemonset.operator.cli;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.pods.DaemonPodFactory;
import dev.daemonset.operator.testing.InProcessCli;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code describe} in-process against the mock API server: a DaemonSet with a node selector and tolerations, two of
 * its pods (one running, one pending), a stranger pod matching its selector, and one event about it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DescribeCommandTest {
    private MockCluster cluster;
    private Path kubeconfig;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws IOException {
        cluster = MockCluster.start();
        cluster.createNode(node("worker-1"));
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("kubernetes.io/os", "linux"));
        ds.getSpec()
                .getTemplate()
                .getSpec()
                .setTolerations(List.of(
                        new Toleration("NoSchedule", "node-role.kubernetes.io/control-plane", "Exists", null, null)));
        DaemonSet created = cluster.createDaemonSet(ds);
        createPod(created, "worker-1", "Running");
        createPod(created, "worker-2", "Pending");
        Pod stranger = DaemonPodFactory.newPod(created, created.getSpec().getTemplate(), "h", "worker-3");
        stranger.getMetadata().setOwnerReferences(null);
        stranger.getMetadata().setName("stranger");
        cluster.client().pods().inNamespace("default").resource(stranger).create();
        String now = Instant.now().toString();
        cluster.client()
                .v1()
                .events()
                .inNamespace("default")
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("agent.1")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(DaemonSet.API_VERSION)
                        .withKind("DaemonSet")
                        .withName("agent")
                        .withNamespace("default")
                        .withUid(created.getMetadata().getUid())
                        .endInvolvedObject()
                        .withType("Normal")
                        .withReason("SuccessfulCreate")
                        .withMessage("Created pod: agent-x")
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent("daemonset-operator")
                        .endSource()
                        .build())
                .create();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig("default"));
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    void describesTheDaemonSetItsPodsAndEvents() {
        InProcessCli.Result r = describe("agent");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .startsWith(
                        "Name:           agent",
                        "Namespace:      default",
                        "Selector:       app=agent",
                        "Node-Selector:  kubernetes.io/os=linux");
        assertThat(r.outLines())
                .contains(
                        "Pods Status:  1 Running / 1 Waiting / 0 Succeeded / 0 Failed",
                        "  Node-Selectors:  kubernetes.io/os=linux",
                        "  Tolerations:     node-role.kubernetes.io/control-plane:NoSchedule op=Exists");
        assertThat(r.outLines())
                .anySatisfy(l -> assertThat(l)
                        .matches("  Normal  SuccessfulCreate  \\d+s +daemonset-operator  Created pod: agent-x"));
    }

    @Test
    void anUnknownDaemonSetIsNotFound() {
        InProcessCli.Result r = describe("nope", "-n", "default");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): daemonsets.daemonset.dev \"nope\" not found\n");
    }

    private InProcessCli.Result describe(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("describe"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        return InProcessCli.start("describe", MockCluster.TIMEOUT, argv).awaitExit();
    }

    private void createPod(DaemonSet ds, String node, String phase) {
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", node);
        pod.getSpec().setNodeName(node);
        pod.setStatus(new PodStatus());
        pod.getStatus().setPhase(phase);
        cluster.client().pods().inNamespace("default").resource(pod).create();
    }
}
