package dev.daemonset.operator.controller;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static dev.daemonset.operator.testing.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.plan.Conditions;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.MergePatch;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller against fabric8's mock API server, with the real informers, queue and workers. */
class DaemonSetControllerIntegrationTest {
    /** How long a refused spec must leave the pods alone for a test to believe it. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        for (int i = 1; i <= 5; i++) {
            cluster.createNode(node("node-" + i, Map.of("zone", i % 2 == 0 ? "even" : "odd")));
        }
        cluster.startOperator();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void fiveNodesGetFivePodsOnePerNode() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        assertThat(targetNodes(ds)).containsExactlyInAnyOrder("node-1", "node-2", "node-3", "node-4", "node-5");
        assertThat(cluster.podsOf(ds)).hasSize(5).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName())
                    .as("the scheduler binds, not the controller")
                    .isNull();
            assertThat(p.getMetadata().getLabels()).containsKey("controller-revision-hash");
        });
        await().atMost(MockCluster.TIMEOUT).untilAsserted(() -> {
            DaemonSetStatus s = cluster.daemonSet("agent").getStatus();
            assertThat(s.getDesiredNumberScheduled()).isEqualTo(5);
            assertThat(s.getCurrentNumberScheduled()).isEqualTo(5);
            assertThat(s.getObservedGeneration()).isEqualTo(1L);
        });
    }

    @Test
    void nodeAddedGetsAPodAndNodeRemovedLosesIt() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);

        cluster.createNode(node("node-6"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).contains("node-6"));

        cluster.client().nodes().withName("node-2").delete();
        await().atMost(MockCluster.TIMEOUT).until(() -> !targetNodes(ds).contains("node-2"));
        assertThat(cluster.podsOf(ds)).hasSize(5);
    }

    @Test
    void nodeSelectorPicksNodesAndFollowsLabelChanges() {
        DaemonSet spec = daemonSet("agent");
        spec.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("zone", "even"));
        DaemonSet ds = cluster.createDaemonSet(spec);
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).equals(Set.of("node-2", "node-4")));

        cluster.client().nodes().withName("node-2").edit(n -> relabel(n, "zone", "odd"));
        cluster.client().nodes().withName("node-3").edit(n -> relabel(n, "zone", "even"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).equals(Set.of("node-3", "node-4")));
    }

    @Test
    void noExecuteTaintEvictsButNoScheduleDoesNot() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);

        cluster.client().nodes().withName("node-1").edit(n -> withTaint(n, "dedicated", "NoSchedule"));
        cluster.client().nodes().withName("node-2").edit(n -> withTaint(n, "dedicated", "NoExecute"));
        await().atMost(MockCluster.TIMEOUT).until(() -> !targetNodes(ds).contains("node-2"));
        cluster.awaitIdle();
        assertThat(targetNodes(ds)).contains("node-1").doesNotContain("node-2");
        assertThat(cluster.daemonSet("agent").getStatus().getDesiredNumberScheduled())
                .isEqualTo(3);
    }

    @Test
    void failedPodIsReplacedWithAWarningEvent() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        Pod victim = cluster.podsOf(ds).stream()
                .filter(p -> "node-3".equals(PodTargets.targetNode(p)))
                .findFirst()
                .orElseThrow();

        Pod failed = new PodBuilder(victim)
                .withStatus(new PodStatus())
                .editStatus()
                .withPhase("Failed")
                .endStatus()
                .build();
        cluster.client().pods().resource(failed).updateStatus();

        await().atMost(MockCluster.TIMEOUT)
                .until(() -> cluster.podsOf(ds).stream()
                        .anyMatch(p -> "node-3".equals(PodTargets.targetNode(p))
                                && !p.getMetadata()
                                        .getName()
                                        .equals(victim.getMetadata().getName())));
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> events("FailedDaemonPod").stream()
                        .anyMatch(e -> e.getType().equals("Warning")
                                && e.getMessage().contains(victim.getMetadata().getName())));
    }

    @Test
    void orphanIsAdoptedAndNotDuplicated() {
        DaemonSet template = daemonSet("agent");
        // OnDelete: under RollingUpdate an adopted pod without the revision hash is (rightly) replaced
        DaemonSetUpdateStrategy onDelete = new DaemonSetUpdateStrategy();
        onDelete.setType(UpdateStrategyType.OnDelete);
        template.getSpec().setUpdateStrategy(onDelete);
        Pod orphan = new PodBuilder()
                .withNewMetadata()
                .withName("hand-made")
                .withNamespace("default")
                .withLabels(Map.of("app", "agent"))
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("agent")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build();
        cluster.client().pods().resource(orphan).create();

        DaemonSet ds = cluster.createDaemonSet(template);
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        cluster.awaitIdle();
        Pod adopted = cluster.client().pods().withName("hand-made").get();
        assertThat(adopted.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(r -> assertThat(r.getUid())
                        .isEqualTo(cluster.daemonSet("agent").getMetadata().getUid()));
        assertThat(cluster.podsOf(ds)).hasSize(5);
    }

    @Test
    void podControlledByAnotherControllerIsNeverTouched() {
        OwnerReference other = new OwnerReference("apps/v1", true, true, "ReplicaSet", "web-123", "0000-other");
        Pod foreign = new PodBuilder()
                .withNewMetadata()
                .withName("foreign")
                .withNamespace("default")
                .withLabels(Map.of("app", "agent"))
                .withOwnerReferences(other)
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build();
        cluster.client().pods().resource(foreign).create();

        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        cluster.awaitIdle();
        Pod after = cluster.client().pods().withName("foreign").get();
        assertThat(after).isNotNull();
        assertThat(after.getMetadata().getOwnerReferences()).containsExactly(other);
    }

    @Test
    void podWhoseLabelsNoLongerMatchIsReleasedNotDeletedAndReplaced() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        Pod pod = cluster.podsOf(ds).get(0);
        String name = pod.getMetadata().getName();

        cluster.client().pods().withName(name).edit(p -> {
            p.getMetadata().getLabels().put("app", "debugging");
            return p;
        });

        await().atMost(MockCluster.TIMEOUT).until(() -> {
            Pod p = cluster.client().pods().withName(name).get();
            return p.getMetadata().getOwnerReferences() == null
                    || p.getMetadata().getOwnerReferences().isEmpty();
        });
        await().atMost(MockCluster.TIMEOUT).until(() -> cluster.podsOf(ds).size() == 5);
        assertThat(cluster.client().pods().withName(name).get())
                .as("released, not deleted")
                .isNotNull();
    }

    @Test
    void statusCountsReadyPodsAndAnIdleResyncWritesNothing() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        cluster.podsOf(ds).stream().limit(3).forEach(this::markReady);
        await().atMost(MockCluster.TIMEOUT).untilAsserted(() -> {
            DaemonSetStatus s = cluster.daemonSet("agent").getStatus();
            assertThat(s.getNumberReady()).isEqualTo(3);
            assertThat(s.getNumberAvailable()).isEqualTo(3);
            assertThat(s.getNumberUnavailable()).isEqualTo(2);
            assertThat(s.getUpdatedNumberScheduled()).isEqualTo(5);
        });
        cluster.awaitIdle();

        int before = cluster.requestCount();
        long syncsBefore = cluster.operator().syncCount();
        cluster.operator().resyncAll();
        await().atMost(MockCluster.TIMEOUT).until(() -> cluster.operator().syncCount() > syncsBefore);
        cluster.awaitIdle();
        assertThat(cluster.requestCount() - before)
                .as("API requests during an idle resync")
                .isZero();
    }

    @Test
    void invalidSpecChangesNoPodsAndSaysWhy() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        Set<String> podsBefore =
                cluster.podsOf(ds).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().setSelector(new LabelSelector());
            return d;
        });

        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(
                                cluster.daemonSet("agent").getStatus().getConditions())
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("InvalidSpec");
                            assertThat(c.getStatus()).isEqualTo("True");
                            assertThat(c.getMessage()).contains("spec.selector").contains("empty selector");
                        }));
        await().atMost(MockCluster.TIMEOUT).until(() -> !events("SelectingAll").isEmpty());
        cluster.awaitIdle();
        assertThat(cluster.client().pods().list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsAll(podsBefore);
    }

    @Test
    void surgeWithNonZeroMaxUnavailableIsRefusedWithAWarningAndTheLastValidRevisionIsServed() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        Set<String> podsBefore = podNames(ds);

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().setUpdateStrategy(rollingUpdate(new IntOrString(1), new IntOrString(1)));
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example/agent:2.0");
            return d;
        });

        String field = "spec.updateStrategy.rollingUpdate.maxSurge";
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(
                                cluster.daemonSet("agent").getStatus().getConditions())
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("InvalidSpec");
                            assertThat(c.getStatus()).isEqualTo("True");
                            assertThat(c.getMessage())
                                    .startsWith(field
                                            + ": Invalid value: 1: may not be set when maxUnavailable is non-zero");
                        }));
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> events("InvalidSpec").stream()
                        .anyMatch(e ->
                                e.getType().equals("Warning") && e.getMessage().startsWith(field)));
        cluster.awaitIdle();
        assertThat(podNames(ds)).as("no pod replaced by the new template").isEqualTo(podsBefore);
        DaemonSet invalid = cluster.daemonSet("agent");
        assertThat(invalid.getStatus().getObservedGeneration())
                .as("observed, not accepted")
                .isEqualTo(invalid.getMetadata().getGeneration());
        assertThat(dev.daemonset.operator.cli.rollout.RolloutStatusViewer.view(invalid))
                .satisfies(r -> {
                    assertThat(r.phase()).isEqualTo(dev.daemonset.operator.cli.rollout.RolloutStatus.Phase.FAILED);
                    assertThat(r.message()).contains("has an invalid spec").contains(field);
                });

        // the last valid revision goes on being served: a deleted pod comes back, with the old template
        String deletedByUser = podsBefore.iterator().next();
        cluster.client().pods().withName(deletedByUser).delete();
        Set<String> rest =
                podsBefore.stream().filter(n -> !n.equals(deletedByUser)).collect(Collectors.toSet());
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> podNames(ds).size() == 5 && !podNames(ds).contains(deletedByUser));
        cluster.awaitIdle();
        assertThat(podNames(ds)).containsAll(rest).hasSize(5);
        assertThat(targetNodes(ds)).hasSize(5);
        assertThat(cluster.podsOf(ds))
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                        .isEqualTo("registry.example/agent:1.0"));
    }

    @Test
    void aChangedSelectorIsRefusedAndThePodsStayOwnedUntilItIsRestored() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        Set<String> podsBefore = podNames(ds);

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().getSelector().setMatchLabels(Map.of("app", "agent", "tier", "node"));
            d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "agent", "tier", "node"));
            return d;
        });
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(invalidSpec())
                        .isNotNull()
                        .satisfies(c -> assertThat(c.getMessage())
                                .contains("spec.selector")
                                .contains("field is immutable")));
        cluster.awaitIdle();
        assertThat(podNames(ds)).as("not released, not replaced").isEqualTo(podsBefore);

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().getSelector().setMatchLabels(Map.of("app", "agent"));
            return d;
        });
        await().atMost(MockCluster.TIMEOUT).until(() -> invalidSpec() == null);
    }

    /**
     * The mock enforces no transition rule, so the change is stored. The instance that takes over has
     * never seen the DaemonSet: it must learn the accepted selector from the DaemonSet's own revisions.
     */
    @Test
    void aSelectorChangedWhileTheOperatorWasDownIsRefusedByTheInstanceThatTakesOver() {
        DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(ds).size() == 5);
        cluster.awaitIdle();
        Set<String> podsBefore = podNames(ds);
        cluster.operator().close();

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().getSelector().setMatchLabels(Map.of("app", "agent", "tier", "node"));
            d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "agent", "tier", "node"));
            return d;
        });
        cluster.startOperator();

        String refused =
                "spec.selector: Invalid value: \"app=agent,tier=node\": field is immutable (it was \"app=agent\"";
        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(invalidSpec())
                        .isNotNull()
                        .satisfies(c -> assertThat(c.getMessage()).startsWith(refused)));
        await().atMost(MockCluster.TIMEOUT)
                .until(() -> events("InvalidSpec").stream()
                        .anyMatch(e ->
                                e.getType().equals("Warning") && e.getMessage().startsWith(refused)));
        cluster.awaitIdle();
        assertThat(podNames(ds)).as("not released, not replaced, none deleted").isEqualTo(podsBefore);
        assertThat(cluster.client().pods().inNamespace("default").list().getItems())
                .hasSize(5);

        cluster.editDaemonSet("agent", d -> {
            d.getSpec().getSelector().setMatchLabels(Map.of("app", "agent"));
            d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "agent"));
            return d;
        });
        await().atMost(MockCluster.TIMEOUT).until(() -> invalidSpec() == null);
        cluster.awaitIdle();
        assertThat(podNames(ds)).as("the spec as it was: nothing to roll").isEqualTo(podsBefore);
    }

    /** The mock, like a cluster without the CRD's schema, stores any strategy name; a typo must not blind the operator. */
    @Test
    void anUnknownStrategyTypeIsReportedAndDoesNotStallOtherDaemonSets() {
        GenericKubernetesResource typo = cluster.client()
                .getKubernetesSerialization()
                .convertValue(daemonSet("typo"), GenericKubernetesResource.class);
        typo.getMetadata().setUid(null);
        typo.setAdditionalProperty(
                "spec",
                MergePatch.apply(
                        typo.getAdditionalProperties().get("spec"),
                        Map.of("updateStrategy", Map.of("type", "BlueGreen"))));
        cluster.client()
                .genericKubernetesResources(DaemonSet.API_VERSION, DaemonSet.KIND)
                .inNamespace("default")
                .resource(typo)
                .create();

        await().atMost(MockCluster.TIMEOUT)
                .untilAsserted(
                        () -> assertThat(cluster.daemonSet("typo").getStatus().getConditions())
                                .anySatisfy(
                                        c -> assertThat(c.getMessage())
                                                .isEqualTo(
                                                        "spec.updateStrategy.type: Unsupported value: \"BlueGreen\": supported values: \"OnDelete\", \"RollingUpdate\"")));
        assertThat(cluster.podsOf(cluster.daemonSet("typo"))).isEmpty();

        DaemonSet agent = cluster.createDaemonSet(daemonSet("agent"));
        await().atMost(MockCluster.TIMEOUT).until(() -> targetNodes(agent).size() == 5);
    }

    private DaemonSetCondition invalidSpec() {
        return Conditions.find(cluster.daemonSet("agent").getStatus().getConditions(), "InvalidSpec");
    }

    private Set<String> podNames(DaemonSet ds) {
        return cluster.podsOf(ds).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static DaemonSetUpdateStrategy rollingUpdate(IntOrString maxUnavailable, IntOrString maxSurge) {
        RollingUpdateDaemonSet ru = new RollingUpdateDaemonSet();
        ru.setMaxUnavailable(maxUnavailable);
        ru.setMaxSurge(maxSurge);
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setRollingUpdate(ru);
        return strategy;
    }

    private void markReady(Pod pod) {
        PodCondition ready = new PodCondition();
        ready.setType("Ready");
        ready.setStatus("True");
        ready.setLastTransitionTime(Instant.now().minusSeconds(5).toString());
        Pod updated = new PodBuilder(pod)
                .withStatus(new PodStatus())
                .editStatus()
                .withPhase("Running")
                .withConditions(ready)
                .endStatus()
                .build();
        cluster.client().pods().resource(updated).updateStatus();
    }

    private Set<String> targetNodes(DaemonSet ds) {
        return cluster.podsOf(ds).stream().map(PodTargets::targetNode).collect(Collectors.toSet());
    }

    private List<Event> events(String reason) {
        return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    private static Node relabel(Node n, String key, String value) {
        n.getMetadata().getLabels().put(key, value);
        return n;
    }

    private static Node withTaint(Node n, String key, String effect) {
        n.getSpec()
                .setTaints(new java.util.ArrayList<>(
                        IntStream.range(0, 1).mapToObj(i -> taint(key, effect)).toList()));
        return n;
    }
}
