package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.CrdValidator;
import dev.daemonset.operator.testing.MergePatch;
import dev.daemonset.operator.testing.MockCluster;
import dev.daemonset.operator.testing.StoredConditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DaemonSet stored without schema validation (the mock API server, like an old cluster or a direct
 * etcd write, stores anything) whose spec does not fit the Java model. Before, one such object stopped
 * the DaemonSet informer for good: no DaemonSet in the cluster got pods until a restart, and a
 * restarted operator could not sync its caches while the object existed.
 */
class UnreadableDaemonSetIntegrationTest {
    private static final String POISON = "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}}}";
    private static final String FIELD = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        for (int i = 1; i <= 3; i++) {
            cluster.createNode(node("node-" + i));
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aPoisonDaemonSetIsReportedAndEveryOtherDaemonSetKeepsGettingPods() {
        cluster.startOperator();
        DaemonSet healthy = cluster.createDaemonSet(daemonSet("healthy"));
        await().atMost(MockCluster.TIMEOUT).until(() -> nodesOf(uid("healthy")).size() == 3);
        Set<String> healthyPods = podNames(uid("healthy"));

        storeRaw(manifest("poison", POISON));
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(invalidSpecMessage("poison"))
                        .isEqualTo(FIELD + ": Invalid value: 3000000000: must be less than or equal to 2147483647"));
        await().atMost(MockCluster.TIMEOUT)
                .until(() ->
                        warnings("poison").stream().anyMatch(e -> e.getMessage().startsWith(FIELD)));
        assertThat(nodesOf(uid("poison"))).as("never valid: nothing to serve").isEmpty();

        DaemonSet later = cluster.createDaemonSet(daemonSet("later"));
        await().atMost(MockCluster.TIMEOUT).until(() -> nodesOf(uid("later")).size() == 3);
        assertThat(cluster.operator().disconnectedFor())
                .as("every informer still watching")
                .isZero();
        assertThat(cluster.operator().livenessProblems()).isEmpty();
        assertThat(podNames(uid("healthy")))
                .as("no pod of another DaemonSet touched")
                .isEqualTo(healthyPods);

        daemonSets().withName("poison").delete();
        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .resource(later)
                .delete();
        DaemonSet afterDelete = cluster.createDaemonSet(daemonSet("after-delete"));
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> nodesOf(uid("after-delete")).size() == 3);
        assertThat(healthy.getMetadata().getName()).isEqualTo("healthy");
        assertThat(afterDelete.getMetadata().getName()).isEqualTo("after-delete");
    }

    @Test
    void anOperatorStartingWhileAPoisonDaemonSetExistsSyncsItsCachesAndServesTheOthers() {
        storeRaw(manifest("poison", "{spec: {template: {spec: {containers: {name: agent}}}}}"));
        cluster.createDaemonSet(daemonSet("healthy"));

        cluster.startOperator();

        await().atMost(MockCluster.TIMEOUT).until(() -> nodesOf(uid("healthy")).size() == 3);
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(invalidSpecMessage("poison"))
                        .isEqualTo("spec.template.spec.containers: Invalid value: \"object\": must be of type array"));
    }

    @Test
    void aRunningDaemonSetMadeUnreadableKeepsItsPodsAndServesNewNodesWithItsLastValidRevision() {
        cluster.startOperator();
        cluster.createDaemonSet(daemonSet("agent"));
        String uid = uid("agent");
        await().atMost(MockCluster.TIMEOUT).until(() -> nodesOf(uid).size() == 3);
        Set<String> before = podNames(uid);

        Map<String, Object> poisoned =
                CrdValidator.toTree(daemonSets().withName("agent").get());
        patchRaw(
                poisoned,
                "{spec: {minReadySeconds: '30', template: {spec: {containers: "
                        + "[{name: agent, image: 'registry.example/agent:2.0'}]}}}}");
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(invalidSpecMessage("agent"))
                        .isEqualTo("spec.minReadySeconds: Invalid value: \"string\": must be of type integer"));
        cluster.awaitIdle();
        assertThat(podNames(uid))
                .as("no pod replaced or removed because of the bad spec")
                .isEqualTo(before);

        cluster.createNode(node("node-4"));
        String deleted = before.iterator().next();
        cluster.client().pods().inNamespace("default").withName(deleted).delete();

        await().atMost(MockCluster.TIMEOUT)
                .until(() -> nodesOf(uid).size() == 4
                        && !podNames(uid).contains(deleted)
                        && podNames(uid).size() == 4);
        assertThat(podsOf(uid))
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                        .isEqualTo("registry.example/agent:1.0"));
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            daemonSets() {
        return cluster.client()
                .genericKubernetesResources(DaemonSet.API_VERSION, DaemonSet.KIND)
                .inNamespace("default");
    }

    private static Map<String, Object> manifest(String name, String patchYaml) {
        Map<String, Object> base = CrdValidator.toTree(daemonSet(name));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) base.get("metadata");
        metadata.remove("uid");
        metadata.remove("generation");
        @SuppressWarnings("unchecked")
        Map<String, Object> patched = (Map<String, Object>) MergePatch.apply(base, CrdValidator.parse(patchYaml));
        return patched;
    }

    private void storeRaw(Map<String, Object> object) {
        daemonSets()
                .resource(cluster.client()
                        .getKubernetesSerialization()
                        .convertValue(object, GenericKubernetesResource.class))
                .create();
    }

    @SuppressWarnings("unchecked")
    private void patchRaw(Map<String, Object> current, String patchYaml) {
        Map<String, Object> patched = (Map<String, Object>) MergePatch.apply(current, CrdValidator.parse(patchYaml));
        daemonSets()
                .resource(cluster.client()
                        .getKubernetesSerialization()
                        .convertValue(patched, GenericKubernetesResource.class))
                .update();
    }

    private String uid(String name) {
        GenericKubernetesResource ds = daemonSets().withName(name).get();
        return ds == null ? null : ds.getMetadata().getUid();
    }

    private String invalidSpecMessage(String name) {
        return StoredConditions.trueMessage(daemonSets().withName(name).get(), "InvalidSpec");
    }

    private List<Event> warnings(String name) {
        return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType())
                        && "InvalidSpec".equals(e.getReason())
                        && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private List<Pod> podsOf(String uid) {
        return cluster.client().pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> r.getUid().equals(uid)))
                .toList();
    }

    private Set<String> podNames(String uid) {
        return podsOf(uid).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private Set<String> nodesOf(String uid) {
        return uid == null
                ? Set.of()
                : podsOf(uid).stream().map(PodTargets::targetNode).collect(Collectors.toSet());
    }
}
