package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end scenarios against the real operator running inside the sandbox, driven with the real
 * kubectl; run alone with {@code mvn verify -Dgroups=operator-e2e}.
 */
@Tag("operator-e2e")
@Timeout(120)
class OperatorEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String APP = "node-exporter";
    private static final Set<String> WORKERS = Set.of("sandbox-worker-1", "sandbox-worker-2", "sandbox-worker-3");

    private Sandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(Duration.ofMillis(200))
                .withOperator(true));
        client = sandbox.client();
        try (InputStream in = Files.newInputStream(Path.of("examples", "node-exporter.yaml"))) {
            client.resources(DaemonSet.class).load(in).create();
        }
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void runsOneReadyPodPerEligibleWorkerAndNoneOnTheControlPlane() {
        awaitReadyPodsOn(WORKERS);
        assertThat(nodesOf(pods())).doesNotContain("sandbox-control-plane");
        await().atMost(WAIT).untilAsserted(() -> {
            var status = client.resources(DaemonSet.class).withName(APP).get().getStatus();
            assertThat(status.getDesiredNumberScheduled()).isEqualTo(3);
            assertThat(status.getNumberReady()).isEqualTo(3);
        });
    }

    @Test
    void aNewNodeGetsItsPod() {
        awaitReadyPodsOn(WORKERS);
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("sandbox-worker-4")
                        .withLabels(Map.of("kubernetes.io/hostname", "sandbox-worker-4", "kubernetes.io/os", "linux"))
                        .endMetadata()
                        .build())
                .create();
        awaitReadyPodsOn(Set.of("sandbox-worker-1", "sandbox-worker-2", "sandbox-worker-3", "sandbox-worker-4"));
    }

    /** The API server refuses names over 253 characters; revision and event names built from this one must fit. */
    @Test
    void aDaemonSetWithTheLongestNameAllowedGetsItsPodsAndItsHistory() {
        awaitReadyPodsOn(WORKERS);
        String name = "agent-" + "a".repeat(247);
        DaemonSet ds = dev.daemonset.operator.testing.Fixtures.daemonSet(name, "default", Map.of("app", "long-name"));
        ds.getMetadata().setUid(null);
        ds.getMetadata().setGeneration(null);
        client.resources(DaemonSet.class).resource(ds).create();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(nodesOf(client.pods()
                                .withLabel("app", "long-name")
                                .list()
                                .getItems()))
                        .isEqualTo(WORKERS));
        assertThat(client.apps()
                        .controllerRevisions()
                        .withLabel("app", "long-name")
                        .list()
                        .getItems())
                .singleElement()
                .satisfies(r -> assertThat(r.getMetadata().getName())
                        .hasSizeLessThanOrEqualTo(253)
                        .startsWith(name.substring(0, 223) + "-"));
        assertThat(client.pods().withLabel("app", "long-name").list().getItems())
                .allSatisfy(
                        p -> assertThat(p.getMetadata().getName()).hasSize(63).startsWith(name.substring(0, 58)));
    }

    @Test
    void aNoExecuteTaintEvictsThePod() {
        awaitReadyPodsOn(WORKERS);
        client.nodes()
                .withName("sandbox-worker-2")
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .addToTaints(new TaintBuilder()
                                .withKey("maintenance")
                                .withValue("true")
                                .withEffect("NoExecute")
                                .build())
                        .endSpec()
                        .build());
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(nodesOf(pods())).containsExactlyInAnyOrder("sandbox-worker-1", "sandbox-worker-3"));
    }

    @Test
    void aDeletedPodIsRecreated() {
        awaitReadyPodsOn(WORKERS);
        Pod victim = pods().stream()
                .filter(p -> "sandbox-worker-1".equals(p.getSpec().getNodeName()))
                .findFirst()
                .orElseThrow();
        client.pods().resource(victim).delete();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(pods()).anySatisfy(p -> {
                    assertThat(p.getSpec().getNodeName()).isEqualTo("sandbox-worker-1");
                    assertThat(p.getMetadata().getUid())
                            .isNotEqualTo(victim.getMetadata().getUid());
                }));
        awaitReadyPodsOn(WORKERS);
    }

    @Test
    void deletingTheDaemonSetCollectsItsPods() {
        awaitReadyPodsOn(WORKERS);
        client.resources(DaemonSet.class).withName(APP).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods()).isEmpty());
    }

    @Test
    void orphanedPodsAreAdoptedByANewDaemonSet() throws Exception {
        awaitReadyPodsOn(WORKERS);
        Set<String> before = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        client.resources(DaemonSet.class)
                .withName(APP)
                .withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(pods())
                        .hasSize(3)
                        .allSatisfy(p ->
                                assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty()));
        try (InputStream in = Files.newInputStream(Path.of("examples", "node-exporter.yaml"))) {
            client.resources(DaemonSet.class).load(in).create();
        }
        String uid = client.resources(DaemonSet.class)
                .withName(APP)
                .get()
                .getMetadata()
                .getUid();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(pods()).hasSize(3).allSatisfy(p -> {
                    assertThat(before).contains(p.getMetadata().getUid());
                    assertThat(p.getMetadata().getOwnerReferences())
                            .singleElement()
                            .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(uid));
                }));
    }

    private List<Pod> pods() {
        return client.pods().withLabel("app", APP).list().getItems();
    }

    private static Set<String> nodesOf(List<Pod> pods) {
        return pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
    }

    private void awaitReadyPodsOn(Set<String> nodes) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<Pod> pods = pods();
            assertThat(pods).hasSize(nodes.size());
            assertThat(nodesOf(pods)).isEqualTo(nodes);
            assertThat(pods)
                    .allSatisfy(p -> assertThat(SimulatedClusterTest.isReady(p)).isTrue());
        });
    }
}
