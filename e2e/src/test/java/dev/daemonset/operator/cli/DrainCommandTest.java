package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.testing.InProcessCli;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drain} in-process against fabric8's CRUD mock with the eviction subresource added ({@link EvictionDispatcher}:
 * the mock has none, and the sandbox's API server does not serve it yet). Node n1 runs a ReplicaSet's pod, our
 * DaemonSet's pod, an apps/v1 DaemonSet's pod, a pod with only our daemon pod label, and a mirror pod; n2 runs
 * another ReplicaSet pod, which no drain of n1 may touch.
 */
class DrainCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KubernetesMockServer server;
    private EvictionDispatcher dispatcher;
    private KubernetesClient client;
    private Path kubeconfig;

    @BeforeEach
    void startServer(@TempDir Path dir) throws IOException {
        dispatcher = new EvictionDispatcher(new KubernetesCrudDispatcher());
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(server.url("/"))
                        .withNamespace("default")
                        .withTrustCerts(true)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s"}}]
        contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: default}}]
        current-context: mock
        users: [{name: mock, user: {token: mock}}]
        """.formatted(server.url("/")));
        node("n1");
        node("n2");
        pod("web-1", "n1", "apps/v1", "ReplicaSet");
        pod("agent-x", "n1", "daemonset.dev/v1alpha1", "DaemonSet");
        pod("kube-proxy-x", "n1", "apps/v1", "DaemonSet");
        create(base("released-agent", "n1")
                .editMetadata()
                .addToLabels("daemonset.dev/daemon-pod", "true")
                .endMetadata()
                .build());
        create(base("etcd-n1", "n1")
                .editMetadata()
                .addToAnnotations("kubernetes.io/config.mirror", "x")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("Node")
                .withName("n1")
                .withUid("n1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build());
        pod("web-2", "n2", "apps/v1", "ReplicaSet");
        dispatcher.writes.clear();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void cordonsEvictsAllButDaemonAndMirrorPodsAndSaysSoAsKubectlDoes() {
        InProcessCli.Result r = drain("n1").awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsExactly(
                        "node/n1 cordoned", "evicting pod default/web-1", "pod/web-1 evicted", "node/n1 drained");
        assertThat(r.err())
                .isEqualTo("Warning: ignoring DaemonSet-managed Pods: default/agent-x, default/kube-proxy-x, "
                        + "default/released-agent\n");
        assertThat(client.nodes().withName("n1").get().getSpec().getUnschedulable())
                .isTrue();
        assertThat(podNames())
                .containsExactlyInAnyOrder("agent-x", "kube-proxy-x", "released-agent", "etcd-n1", "web-2");
        assertThat(dispatcher.evictions).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("web-1");
            assertThat(e.body().path("apiVersion").asString()).isEqualTo("policy/v1");
            assertThat(e.body().path("deleteOptions").has("gracePeriodSeconds")).isFalse();
        });
    }

    @Test
    void gracePeriodGoesIntoTheEviction() {
        InProcessCli.Result r = drain("n1", "--grace-period", "5").awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dispatcher.evictions)
                .singleElement()
                .satisfies(e -> assertThat(e.body()
                                .path("deleteOptions")
                                .path("gracePeriodSeconds")
                                .asInt())
                        .isEqualTo(5));
    }

    @Test
    void refusesPodsWithLocalStorageOrNoControllerAndEvictsNothing() {
        create(base("scratch", "n1")
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("rs")
                .withUid("rs")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .editSpec()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build());
        create(base("bare", "n1").build());

        InProcessCli.Result r = drain("n1").awaitExit();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outLines()).containsExactly("node/n1 cordoned");
        assertThat(r.err())
                .contains(
                        "There are pending nodes to be drained:\n n1\n",
                        "error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch\n",
                        "error: cannot delete Pods that declare no controller (use --force to override): default/bare\n");
        assertThat(dispatcher.evictions).isEmpty();

        InProcessCli.Result forced =
                drain("n1", "--force", "--delete-emptydir-data").awaitExit();
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.err()).contains("; deleting Pods that declare no controller: default/bare\n");
        assertThat(forced.outLines()).contains("pod/scratch evicted", "pod/bare evicted", "pod/web-1 evicted");
    }

    @Test
    void dryRunClientChangesNothing() {
        InProcessCli.Result r = drain("n1", "--dry-run=client").awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsExactly(
                        "node/n1 cordoned (dry run)",
                        "evicting pod default/web-1 (dry run)",
                        "node/n1 drained (dry run)");
        assertThat(dispatcher.writes).isEmpty();
        assertThat(client.nodes().withName("n1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
        assertThat(podNames()).contains("web-1");
    }

    @Test
    void dryRunServerSendsDryRunRequestsAndChangesNothing() {
        InProcessCli.Result r = drain("n1", "--dry-run=server").awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsExactly(
                        "node/n1 cordoned (server dry run)",
                        "evicting pod default/web-1 (server dry run)",
                        "node/n1 drained (server dry run)");
        assertThat(dispatcher.writes)
                .filteredOn(w -> !w.endsWith("/eviction"))
                .singleElement()
                .satisfies(
                        w -> assertThat(w).startsWith("PATCH /api/v1/nodes/n1").contains("dryRun=All"));
        assertThat(dispatcher.evictions)
                .singleElement()
                .satisfies(e -> assertThat(
                                e.body().path("deleteOptions").path("dryRun").toString())
                        .isEqualTo("[\"All\"]"));
        assertThat(client.nodes().withName("n1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
        assertThat(podNames()).contains("web-1");
    }

    @Test
    void anEvictionThePodDisruptionBudgetRefusesIsRetriedEvery5sUntilTheTimeout() {
        dispatcher.blocked.add("web-1");

        InProcessCli.Result r = drain("n1", "--timeout=6s").awaitExit();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outLines())
                .containsExactly("node/n1 cordoned", "evicting pod default/web-1", "evicting pod default/web-1");
        assertThat(dispatcher.evictions).hasSize(2);
        assertThat(r.err())
                .contains(
                        "error when evicting pods/\"web-1\" -n \"default\" (will retry after 5s): ",
                        "There are pending pods in node \"n1\" when an error occurred: error when evicting pods/\"web-1\" -n "
                                + "\"default\": global timeout reached: 6s\npod/web-1\n",
                        "error: error when evicting pods/\"web-1\" -n \"default\": global timeout reached: 6s\n");
        assertThat(podNames()).contains("web-1");
    }

    @Test
    void aRetriedEvictionSucceedsOnceTheBudgetAllowsIt() {
        dispatcher.blocked.add("web-1");
        InProcessCli.Running running = drain("n1");
        await().atMost(WAIT).until(() -> dispatcher.evictions.size() == 1);
        dispatcher.blocked.clear();

        InProcessCli.Result r = running.awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsExactly(
                        "node/n1 cordoned",
                        "evicting pod default/web-1",
                        "evicting pod default/web-1",
                        "pod/web-1 evicted",
                        "node/n1 drained");
    }

    @Test
    void drainedOnlyOnceEveryEvictedPodIsDeletedOrReplaced() {
        pod("web-3", "n1", "apps/v1", "ReplicaSet");
        dispatcher.lingering.add("web-1");
        dispatcher.lingering.add("web-3");
        InProcessCli.Running running = drain("n1");
        running.awaitLine("evicting pod default/web-3");

        client.pods().inNamespace("default").withName("web-1").delete();
        running.awaitLine("pod/web-1 evicted");
        assertThat(running.exited()).isFalse();
        client.pods().inNamespace("default").withName("web-3").delete();
        pod("web-3", "n2", "apps/v1", "ReplicaSet");

        InProcessCli.Result r = running.awaitExit();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).endsWith("pod/web-3 evicted", "node/n1 drained");
    }

    @Test
    void podSelectorNarrowsTheDrain() {
        pod("db-1", "n1", "apps/v1", "StatefulSet");
        client.pods()
                .inNamespace("default")
                .withName("db-1")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToLabels("tier", "db")
                        .endMetadata()
                        .build());

        InProcessCli.Result r =
                drain("n1", "--pod-selector", "tier=db", "--ignore-daemonsets").awaitExit();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsExactly(
                        "node/n1 cordoned", "evicting pod default/db-1", "pod/db-1 evicted", "node/n1 drained");
        assertThat(podNames()).contains("web-1");
    }

    @Test
    void aServerWithoutTheEvictionSubresourceIsAnErrorNotAPodGone() {
        dispatcher.servesEviction = false;

        InProcessCli.Result r = drain("n1").awaitExit();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outLines()).doesNotContain("pod/web-1 evicted", "node/n1 drained");
        assertThat(r.err())
                .contains("error: error when evicting pods/\"web-1\" -n \"default\": the server does not serve "
                        + "pods/eviction: it answered 404 for a pod that exists\n");
    }

    @Test
    void anUnknownNodeIsNotFound() {
        InProcessCli.Result r = drain("nope").awaitExit();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): nodes \"nope\" not found\n");
    }

    private InProcessCli.Running drain(String... args) {
        List<String> argv = new ArrayList<>(List.of("drain"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        return InProcessCli.start("drain", WAIT, argv);
    }

    private List<String> podNames() {
        return client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getMetadata().getName())
                .toList();
    }

    private void node(String name) {
        Node node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
        client.nodes().resource(node).create();
    }

    private static PodBuilder base(String name, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
    }

    private void pod(String name, String node, String apiVersion, String kind) {
        create(base(name, node)
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName("owner")
                .withUid("owner-uid")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build());
    }

    private void create(Pod pod) {
        client.pods().inNamespace("default").resource(pod).create();
    }
}
