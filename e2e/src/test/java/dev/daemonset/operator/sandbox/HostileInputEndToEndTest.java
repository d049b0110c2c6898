package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.OperatorProcess;
import dev.daemonset.operator.testing.SpecTable;
import dev.daemonset.operator.testing.StoredConditions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the hostile-input table ({@link SpecTable#invalid()}) stored where nothing validates it
 * ({@code sandbox --skip-validation}, as on an old cluster or after a direct etcd write), against the
 * operator as it ships: {@code run} in a process of its own. Each row must end as an InvalidSpec
 * condition naming its field; no pod of any DaemonSet may be deleted meanwhile, a healthy DaemonSet keeps
 * converging on the nodes that join, and the operator stays healthy.
 */
@Tag("operator-e2e")
@Timeout(300)
class HostileInputEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int NODE_EVERY_ROWS = 20;

    @TempDir
    Path tmp;

    private Sandbox sandbox;
    private KubernetesClient client;
    private OperatorProcess operator;
    private SharedIndexInformer<Pod> podWatch;
    private final List<String> deletedPods = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(tmp.resolve("kubeconfig"))
                .withReadyAfter(Duration.ofMillis(100))
                .withOperator(false)
                .withSkipValidation(true));
        client = sandbox.client();
        operator = OperatorProcess.start(sandbox.kubeconfig(), tmp);
        podWatch = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod old, Pod now) {}

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                deletedPods.add(pod.getMetadata().getName());
            }
        });
        try (InputStream in = Files.newInputStream(Path.of("examples", "node-exporter.yaml"))) {
            client.resources(DaemonSet.class).load(in).create();
        }
        awaitPodsOfLabel("node-exporter", workers());
    }

    @AfterEach
    void stop() {
        if (podWatch != null) {
            podWatch.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyHostileDaemonSetIsReportedWhileTheHealthyOnesKeepConverging() throws Exception {
        List<SpecTable.Invalid> rows = SpecTable.invalid().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
        int joined = 0;
        for (int i = 0; i < rows.size(); i++) {
            store(named(rows.get(i).manifest(), "hostile-" + i));
            if (i % NODE_EVERY_ROWS == NODE_EVERY_ROWS - 1) {
                joinNode("sandbox-worker-extra-" + ++joined);
                awaitPodsOfLabel("node-exporter", workers());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            SpecTable.Invalid row = rows.get(i);
            String name = "hostile-" + i;
            await(row.name())
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(invalidSpec(name))
                            .as("InvalidSpec of %s (%s)", name, row.name())
                            .satisfies(message -> assertNamesField(message, row.field())));
            assertThat(podsOwnedBy(name))
                    .as("%s was never valid: nothing to serve", row.name())
                    .isEmpty();
        }

        try (InputStream in = Files.newInputStream(Path.of("examples", "surge.yaml"))) {
            client.resources(DaemonSet.class).load(in).create();
        }
        assertThat(operator.status("/healthz")).as(operator.log()).isEqualTo(200);
        assertThat(deletedPods).as("no pod of any DaemonSet deleted").isEmpty();
        awaitPodsOfLabel("node-exporter", workers());
    }

    @Test
    void everyHostileUpdateOfARunningDaemonSetLeavesAllOfItsPodsInPlace() {
        store(named(SpecTable.base(), "placed"));
        Set<String> before = await().atMost(WAIT)
                .until(
                        () -> podsOwnedBy("placed"),
                        pods -> pods.size() == workers().size());
        for (SpecTable.Invalid row : SpecTable.invalid().toList()) {
            replaceSpec("placed", row.manifest());
            await(row.name())
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(invalidSpec("placed"))
                            .as("InvalidSpec for %s", row.name())
                            .satisfies(message -> assertNamesField(message, row.field())));
            assertThat(podsOwnedBy("placed")).as("pods after %s", row.name()).isEqualTo(before);

            replaceSpec("placed", SpecTable.base());
            await("fixed after " + row.name())
                    .atMost(WAIT)
                    .until(() -> invalidSpec("placed").isEmpty());
        }
        assertThat(podsOwnedBy("placed")).isEqualTo(before);
        assertThat(deletedPods).as("no pod deleted").isEmpty();
        assertThat(operator.status("/healthz")).as(operator.log()).isEqualTo(200);
    }

    /** The operator names the CRD's field, or a field within it (an expression of a list the CRD names). */
    private static void assertNamesField(String message, String field) {
        assertThat(message).as("InvalidSpec message").isNotEmpty();
        assertThat(List.of(message.split("; ")))
                .anySatisfy(v -> assertThat(
                                v.startsWith(field + ":") || v.startsWith(field + ".") || v.startsWith(field + "["))
                        .as("%s names %s", v, field)
                        .isTrue());
    }

    private Set<String> workers() {
        return client.nodes().list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .filter(n -> !n.contains("control-plane"))
                .collect(Collectors.toSet());
    }

    private void joinNode(String name) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux"))
                        .endMetadata()
                        .build())
                .create();
    }

    private void awaitPodsOfLabel(String app, Set<String> nodes) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(client.pods().withLabel("app", app).list().getItems().stream()
                                .map(p -> p.getSpec().getNodeName())
                                .collect(Collectors.toSet()))
                        .isEqualTo(nodes));
    }

    private static Map<String, Object> named(Map<String, Object> manifest, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(manifest);
        copy.put("metadata", Map.of("name", name, "namespace", "default"));
        return copy;
    }

    private void store(Map<String, Object> manifest) {
        client.genericKubernetesResources(DaemonSet.resourceContext())
                .inNamespace("default")
                .resource(client.getKubernetesSerialization().convertValue(manifest, GenericKubernetesResource.class))
                .create();
    }

    /** As a user's edit: the operator writes status in between, so a conflict is retried on a fresh read. */
    private void replaceSpec(String name, Map<String, Object> manifest) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            GenericKubernetesResource current = daemonSets().withName(name).get();
            current.setAdditionalProperty("spec", manifest.get("spec"));
            daemonSets().resource(current).update();
            return true;
        });
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            daemonSets() {
        return client.genericKubernetesResources(DaemonSet.resourceContext()).inNamespace("default");
    }

    /** The message of the InvalidSpec condition when it is True, else "". */
    private String invalidSpec(String name) {
        return StoredConditions.trueMessage(daemonSets().withName(name).get(), "InvalidSpec");
    }

    private Set<String> podsOwnedBy(String name) {
        GenericKubernetesResource ds = daemonSets().withName(name).get();
        String uid = ds.getMetadata().getUid();
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid())))
                .map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
    }
}
