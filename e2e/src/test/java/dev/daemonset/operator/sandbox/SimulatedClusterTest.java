package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.sandbox.sim.Kubelet;
import dev.daemonset.operator.sandbox.sim.SimNodes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated scheduler, kubelet, node lifecycle and garbage collector, driven through the Java API. */
@Timeout(60)
class SimulatedClusterTest {
    private static final Duration READY_AFTER = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(READY_AFTER)
                .withOperator(false));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void startsTheDocumentedNodes() {
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes)
                .extracting(n -> n.getMetadata().getName())
                .contains("sandbox-control-plane", "sandbox-worker-1", "sandbox-worker-2", "sandbox-worker-3");
        Node cp = client.nodes().withName("sandbox-control-plane").get();
        assertThat(cp.getMetadata().getLabels())
                .containsEntry("node-role.kubernetes.io/control-plane", "")
                .containsEntry("kubernetes.io/hostname", "sandbox-control-plane")
                .containsEntry("kubernetes.io/os", "linux");
        assertThat(cp.getSpec().getTaints())
                .extracting(Taint::getKey, Taint::getEffect)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("node-role.kubernetes.io/control-plane", "NoSchedule"));
        assertThat(client.nodes()
                        .withName("sandbox-worker-1")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("topology.kubernetes.io/zone", "zone-a");
        assertThat(client.nodes()
                        .withName("sandbox-worker-2")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("topology.kubernetes.io/zone", "zone-b");
        assertThat(client.nodes()
                        .withName("sandbox-worker-3")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("topology.kubernetes.io/zone", "zone-c");
        assertThat(nodes).allSatisfy(n -> assertThat(readyStatus(n)).isEqualTo("True"));
        assertThat(client.namespaces().withName("default").get()).isNotNull();
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(DaemonSet.CRD_NAME)
                        .get())
                .isNotNull();
    }

    @Test
    void schedulerBindsADaemonStylePodToItsNodeAndTheKubeletMakesItReady() {
        Pod pod = client.pods()
                .resource(daemonPod("daemon-1", "sandbox-control-plane", true))
                .create();
        Instant created = Instant.now();
        Pod running = await().atMost(WAIT)
                .until(() -> client.pods().withName("daemon-1").get(), SimulatedClusterTest::isReady);
        assertThat(running.getSpec().getNodeName()).isEqualTo("sandbox-control-plane");
        assertThat(running.getStatus().getPhase()).isEqualTo("Running");
        assertThat(running.getStatus().getPodIP()).startsWith("10.244.0.");
        assertThat(running.getStatus().getHostIP()).isEqualTo("172.18.0.2");
        assertThat(running.getStatus().getStartTime()).isNotNull();
        assertThat(running.getStatus().getContainerStatuses())
                .singleElement()
                .satisfies(cs -> assertThat(cs.getState().getRunning()).isNotNull());
        assertThat(Duration.between(created, Instant.now())).isGreaterThanOrEqualTo(READY_AFTER.minusMillis(50));
        assertThat(pod.getMetadata().getUid()).isEqualTo(running.getMetadata().getUid());
        assertThat(running.getMetadata().getManagedFields())
                .as("managedFields: the creator's fields, then the kubelet's status")
                .anySatisfy(e -> {
                    assertThat(e.getManager()).isEqualTo("fabric8-kubernetes-client");
                    assertThat(e.getSubresource()).isNull();
                })
                .anySatisfy(e -> {
                    assertThat(e.getManager()).isEqualTo("kubelet");
                    assertThat(e.getOperation()).isEqualTo("Update");
                    assertThat(e.getSubresource()).isEqualTo("status");
                    assertThat(client.getKubernetesSerialization().asJson(e.getFieldsV1()))
                            .contains("\"f:podIP\"")
                            .contains("\"k:{\\\"type\\\":\\\"Ready\\\"}\"");
                });
    }

    /** As upstream's "should retry creating failed daemon pods" does it: the status write must stand. */
    @Test
    void aPodWhoseStatusIsSetToFailedStaysFailed() {
        client.pods()
                .resource(daemonPod("daemon-failed", "sandbox-control-plane", true))
                .create();
        Pod running = await().atMost(WAIT)
                .until(() -> client.pods().withName("daemon-failed").get(), SimulatedClusterTest::isReady);
        running.getMetadata().setResourceVersion(null);
        running.getStatus().setPhase("Failed");
        client.pods().resource(running).updateStatus();

        await().during(READY_AFTER.multipliedBy(3))
                .atMost(WAIT)
                .until(
                        () -> client.pods()
                                .withName("daemon-failed")
                                .get()
                                .getStatus()
                                .getPhase(),
                        "Failed"::equals);
    }

    /** As upstream's surge e2e test makes an old pod unready, by writing to the file its readiness probe reads. */
    @Test
    void aPodAnnotatedWithAFailingReadinessProbeKeepsRunningButIsNotReady() {
        client.pods()
                .resource(new PodBuilder(plainPod("probed", "nginx"))
                        .editSpec()
                        .editFirstContainer()
                        .withNewReadinessProbe()
                        .withNewExec()
                        .withCommand("/bin/sh", "-c", "cat /var/tmp/ready")
                        .endExec()
                        .endReadinessProbe()
                        .endContainer()
                        .addNewContainer()
                        .withName("sidecar")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT).until(() -> client.pods().withName("probed").get(), SimulatedClusterTest::isReady);

        client.pods()
                .withName("probed")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(Kubelet.READINESS_PROBE_ANNOTATION, Kubelet.READINESS_PROBE_FAILING)
                        .endMetadata()
                        .build());

        Pod unready = await().atMost(WAIT)
                .until(() -> client.pods().withName("probed").get(), p -> !isReady(p));
        assertThat(unready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(unready.getStatus().getContainerStatuses())
                .extracting(
                        ContainerStatus::getName,
                        ContainerStatus::getReady,
                        cs -> cs.getState().getRunning() != null)
                .as("only the container with the probe is unready; both keep running")
                .containsExactly(tuple("main", false, true), tuple("sidecar", true, true));
        assertThat(condition(unready, "Ready").getMessage()).isEqualTo("containers with unready status: [main]");
        await().during(READY_AFTER.multipliedBy(3))
                .atMost(WAIT)
                .until(() -> isReady(client.pods().withName("probed").get()), ready -> !ready);
    }

    @Test
    void podThatToleratesNoTaintStaysPendingWithTheReason() {
        client.pods()
                .resource(daemonPod("daemon-untolerated", "sandbox-control-plane", false))
                .create();
        Pod pending = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("daemon-untolerated").get(),
                        p -> condition(p, "PodScheduled") != null
                                && "False".equals(condition(p, "PodScheduled").getStatus()));
        PodCondition scheduled = condition(pending, "PodScheduled");
        assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
        assertThat(scheduled.getMessage())
                .contains("untolerated taint {node-role.kubernetes.io/control-plane: }")
                .contains("didn't match Pod's node affinity/selector");
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pending.getSpec().getNodeName()).isNull();
        await().atMost(WAIT)
                .until(() ->
                        client
                                .v1()
                                .events()
                                .withField("involvedObject.name", "daemon-untolerated")
                                .list()
                                .getItems()
                                .stream()
                                .anyMatch(e -> "FailedScheduling".equals(e.getReason())));
    }

    @Test
    void aPendingPodIsScheduledOnceANodeItFitsAppears() {
        client.pods()
                .resource(new PodBuilder(plainPod("waits-for-gpu", "nginx"))
                        .editSpec()
                        .withNodeSelector(Map.of("sim-test/accelerator", "gpu"))
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(
                        () -> condition(client.pods().withName("waits-for-gpu").get(), "PodScheduled"),
                        c -> c != null && "Unschedulable".equals(c.getReason()));

        client.nodes()
                .withName("sandbox-worker-2")
                .edit(n -> new NodeBuilder(n)
                        .editMetadata()
                        .addToLabels("sim-test/accelerator", "gpu")
                        .endMetadata()
                        .build());

        Pod bound = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("waits-for-gpu").get(),
                        p -> p.getSpec().getNodeName() != null);
        assertThat(bound.getSpec().getNodeName()).isEqualTo("sandbox-worker-2");
    }

    @Test
    void nonExistentImageNeverGetsReady() {
        client.pods()
                .resource(plainPod("bad-image", "registry.example/non-existent:1"))
                .create();
        Pod pod = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("bad-image").get(),
                        p -> waitingReason(p).equals("ErrImagePull"));
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(isReady(pod)).isFalse();
        // a pod that could run would be ready READY_AFTER after starting: this one must stay unready well past that
        await().during(READY_AFTER.multipliedBy(2))
                .atMost(WAIT)
                .until(() -> isReady(client.pods().withName("bad-image").get()), ready -> !ready);
    }

    @Test
    void aPodMountingAMissingConfigMapStaysContainerCreatingUntilTheConfigMapIsCreated() {
        Pod withVolumes = new PodBuilder(plainPod("needs-config", "registry.example/agent:1"))
                .editSpec()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("agent-config")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("extra")
                .withNewConfigMap()
                .withName("agent-extra")
                .withOptional(true)
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build();
        client.pods().resource(withVolumes).create();

        await().atMost(WAIT)
                .until(
                        () -> eventMessages("needs-config"),
                        m -> m.contains("FailedMount: MountVolume.SetUp failed for volume \"config\" : configmap"
                                + " \"agent-config\" not found"));
        // a pod that could start would be ready READY_AFTER after it: this one must stay held well past that
        await().during(READY_AFTER.multipliedBy(3)).atMost(WAIT).until(() -> {
            Pod p = client.pods().withName("needs-config").get();
            return "Pending".equals(p.getStatus().getPhase())
                    && waitingReason(p).equals("ContainerCreating")
                    && !isReady(p);
        });

        client.configMaps()
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("agent-config")
                        .withNamespace("default")
                        .endMetadata()
                        .addToData("agent.conf", "level=info")
                        .build())
                .create();
        // the optional ConfigMap, which never comes, does not hold the pod back
        await("the pod ready once its ConfigMap exists")
                .atMost(WAIT)
                .until(() -> isReady(client.pods().withName("needs-config").get()));
    }

    @Test
    void aPodReadingAMissingSecretKeyIsCreateContainerConfigErrorUntilTheKeyExists() {
        Pod withSecretEnv = new PodBuilder(plainPod("needs-token", "registry.example/agent:1"))
                .editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("API_TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("agent-api")
                .withKey("token")
                .endSecretKeyRef()
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();
        client.secrets()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("agent-api")
                        .withNamespace("default")
                        .endMetadata()
                        .addToStringData("user", "agent")
                        .build())
                .create();
        client.pods().resource(withSecretEnv).create();

        Pod held = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("needs-token").get(),
                        p -> waitingReason(p).equals("CreateContainerConfigError"));
        assertThat(held.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getWaiting()
                        .getMessage())
                .isEqualTo("couldn't find key token in Secret default/agent-api");
        assertThat(held.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(eventMessages("needs-token"))
                .contains("Failed: Error: couldn't find key token in Secret default/agent-api");

        client.secrets()
                .inNamespace("default")
                .withName("agent-api")
                .edit(s ->
                        new SecretBuilder(s).addToStringData("token", "s3cr3t").build());
        await().atMost(WAIT)
                .until(() -> isReady(client.pods().withName("needs-token").get()));
    }

    /** "reason: message" of every event about the pod. */
    private static List<String> eventMessages(String podName) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> podName.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .toList();
    }

    @Test
    void crashloopImageRunsButKeepsRestarting() {
        client.pods()
                .resource(plainPod("crasher", "registry.example/crashloop:1"))
                .create();
        Pod pod = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("crasher").get(),
                        p -> waitingReason(p).equals("CrashLoopBackOff") && restarts(p) >= 2);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(isReady(pod)).isFalse();
    }

    @Test
    void stoppingAKubeletMakesTheNodeUnreachableAndItsPodsUnready() {
        String node = "sim-stop-node";
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(node)
                        .withLabels(Map.of("kubernetes.io/hostname", node, "kubernetes.io/os", "linux"))
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(() -> readyStatus(client.nodes().withName(node).get()), "True"::equals);
        client.pods().resource(daemonPod("on-stopped-node", node, true)).create();
        await().atMost(WAIT)
                .until(() -> client.pods().withName("on-stopped-node").get(), SimulatedClusterTest::isReady);

        client.nodes()
                .withName(node)
                .edit(n -> new NodeBuilder(n)
                        .editMetadata()
                        .addToAnnotations(SimNodes.KUBELET_ANNOTATION, SimNodes.KUBELET_STOPPED)
                        .endMetadata()
                        .build());
        Node stopped = await().atMost(WAIT)
                .until(
                        () -> client.nodes().withName(node).get(),
                        n -> "Unknown".equals(readyStatus(n)) && taintKeys(n).size() == 2);
        assertThat(stopped.getSpec().getTaints())
                .extracting(t -> t.getKey() + ":" + t.getEffect())
                .containsExactlyInAnyOrder(
                        "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        await().atMost(WAIT)
                .until(() -> client.pods().withName("on-stopped-node").get(), p -> !isReady(p));

        client.nodes()
                .withName(node)
                .edit(n -> new NodeBuilder(n)
                        .editMetadata()
                        .removeFromAnnotations(SimNodes.KUBELET_ANNOTATION)
                        .endMetadata()
                        .build());
        await().atMost(WAIT)
                .until(
                        () -> client.nodes().withName(node).get(),
                        n -> "True".equals(readyStatus(n)) && taintKeys(n).isEmpty());
        await().atMost(WAIT)
                .until(() -> client.pods().withName("on-stopped-node").get(), SimulatedClusterTest::isReady);
    }

    @Test
    void deletingANodeDeletesItsPods() {
        String node = "sim-doomed-node";
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(node)
                        .withLabels(Map.of("kubernetes.io/hostname", node))
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(() -> readyStatus(client.nodes().withName(node).get()), "True"::equals);
        client.pods().resource(daemonPod("on-doomed-node", node, true)).create();
        await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("on-doomed-node").get(),
                        p -> node.equals(p.getSpec().getNodeName()));
        client.nodes().withName(node).delete();
        await().atMost(WAIT)
                .until(() -> client.pods().withName("on-doomed-node").get() == null);
    }

    @Test
    void deletingAnOwnerCollectsItsDependentsInTheBackground() {
        DaemonSet owner = client.resources(DaemonSet.class)
                .resource(daemonSet("gc-owner"))
                .create();
        client.pods().resource(ownedPod("gc-pod", owner)).create();
        client.apps()
                .controllerRevisions()
                .resource(new ControllerRevisionBuilder()
                        .withNewMetadata()
                        .withName("gc-owner-1")
                        .withOwnerReferences(ownerRef(owner))
                        .endMetadata()
                        .withRevision(1L)
                        .build())
                .create();
        Pod unrelated =
                client.pods().resource(plainPod("gc-unrelated", "nginx")).create();

        client.resources(DaemonSet.class).withName("gc-owner").delete();
        await().atMost(WAIT)
                .until(() -> client.pods().withName("gc-pod").get() == null
                        && client.apps()
                                        .controllerRevisions()
                                        .withName("gc-owner-1")
                                        .get()
                                == null);
        assertThat(client.pods().withName("gc-unrelated").get().getMetadata().getUid())
                .isEqualTo(unrelated.getMetadata().getUid());
    }

    @Test
    void orphanDeletionKeepsDependentsAndRemovesTheOwnerReference() {
        DaemonSet owner = client.resources(DaemonSet.class)
                .resource(daemonSet("orphan-owner"))
                .create();
        client.pods().resource(ownedPod("orphan-pod", owner)).create();

        client.resources(DaemonSet.class)
                .withName("orphan-owner")
                .withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        await().atMost(WAIT)
                .until(() -> client.resources(DaemonSet.class)
                                .withName("orphan-owner")
                                .get()
                        == null);
        Pod orphan = await().atMost(WAIT)
                .until(
                        () -> client.pods().withName("orphan-pod").get(),
                        p -> p != null
                                && (p.getMetadata().getOwnerReferences() == null
                                        || p.getMetadata().getOwnerReferences().isEmpty()));
        assertThat(orphan).isNotNull();
    }

    @Test
    @SuppressWarnings("try")
    void setBasedSelectorsFilterListsAndWatches() throws Exception {
        for (String tier : List.of("gold", "silver", "bronze")) {
            client.pods()
                    .resource(new PodBuilder(plainPod("sel-" + tier, "nginx"))
                            .editMetadata()
                            .addToLabels("selector-test", "yes")
                            .addToLabels("tier", tier)
                            .endMetadata()
                            .build())
                    .create();
        }
        var selector = new LabelSelectorBuilder()
                .addToMatchLabels("selector-test", "yes")
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("In")
                .withValues("gold", "silver")
                .endMatchExpression()
                .build();
        assertThat(names(client.pods().withLabelSelector(selector).list().getItems()))
                .containsExactlyInAnyOrder("sel-gold", "sel-silver");
        assertThat(names(client.pods()
                        .withLabel("selector-test", "yes")
                        .withLabelNotIn("tier", "gold", "silver")
                        .list()
                        .getItems()))
                .containsExactly("sel-bronze");
        assertThat(names(client.pods()
                        .withLabel("selector-test")
                        .withoutLabel("tier", "gold")
                        .list()
                        .getItems()))
                .containsExactlyInAnyOrder("sel-silver", "sel-bronze");
        assertThat(names(client.pods()
                        .withField("metadata.name", "sel-gold")
                        .list()
                        .getItems()))
                .containsExactly("sel-gold");

        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (Watch watch = client.pods().withLabelSelector(selector).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(action + ":" + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                // test ends
            }
        })) {
            client.pods()
                    .resource(new PodBuilder(plainPod("sel-gold-2", "nginx"))
                            .editMetadata()
                            .addToLabels("selector-test", "yes")
                            .addToLabels("tier", "gold")
                            .endMetadata()
                            .build())
                    .create();
            client.pods()
                    .resource(new PodBuilder(plainPod("sel-bronze-2", "nginx"))
                            .editMetadata()
                            .addToLabels("selector-test", "yes")
                            .addToLabels("tier", "bronze")
                            .endMetadata()
                            .build())
                    .create();
            client.pods()
                    .withName("sel-silver")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"tier\":\"bronze\"}}}");
            await().atMost(WAIT).until(() -> seen.contains("ADDED:sel-gold-2") && seen.contains("DELETED:sel-silver"));
            assertThat(seen).noneMatch(s -> s.contains("bronze"));
        }
    }

    @Test
    void customResourcesListInformAndKeepTheirStatus() throws Exception {
        var informer = client.resources(DaemonSet.class).inAnyNamespace().inform();
        try {
            DaemonSet created = client.resources(DaemonSet.class)
                    .resource(daemonSet("informed"))
                    .create();
            await().atMost(WAIT).until(() -> informer.getStore().getByKey("default/informed") != null);
            assertThat(client.resources(DaemonSet.class).list().getItems())
                    .extracting(d -> d.getMetadata().getName())
                    .contains("informed");
            DaemonSetStatus status = new DaemonSetStatus();
            status.setDesiredNumberScheduled(3);
            created.setStatus(status);
            client.resources(DaemonSet.class).resource(created).updateStatus();
            await().atMost(WAIT)
                    .until(() -> informer.getStore()
                                    .getByKey("default/informed")
                                    .getStatus()
                                    .getDesiredNumberScheduled()
                            == 3);
            // a spec update through the main resource keeps the status (status subresource semantics)
            DaemonSet latest =
                    client.resources(DaemonSet.class).withName("informed").get();
            latest.getSpec().setMinReadySeconds(5);
            latest.setStatus(new DaemonSetStatus());
            DaemonSet updated =
                    client.resources(DaemonSet.class).resource(latest).update();
            assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(updated.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
        } finally {
            informer.close();
        }
    }

    @Test
    void generatedNamesGetAShortRandomSuffix() {
        Pod pod = client.pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withGenerateName("gen-")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        assertThat(pod.getMetadata().getName()).matches("gen-[a-z0-9]{5}");
    }

    // ---- helpers

    private static Pod plainPod(String name, String image) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage(image)
                .endContainer()
                .endSpec()
                .build();
    }

    /** A pod as the DaemonSet controller builds it: node affinity matchFields metadata.name In [node]. */
    private static Pod daemonPod(String name, String node, boolean tolerateEverything) {
        PodBuilder b = new PodBuilder(plainPod(name, "nginx"))
                .editSpec()
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchField()
                .withKey("metadata.name")
                .withOperator("In")
                .withValues(node)
                .endMatchField()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .endSpec();
        if (tolerateEverything) {
            b.editSpec()
                    .addNewToleration()
                    .withOperator("Exists")
                    .endToleration()
                    .endSpec();
        }
        return b.build();
    }

    private static DaemonSet daemonSet(String name) {
        DaemonSet ds = new DaemonSet();
        ds.getMetadata().setName(name);
        ds.getMetadata().setNamespace("default");
        DaemonSetSpec spec = new DaemonSetSpec();
        spec.setSelector(
                new LabelSelectorBuilder().addToMatchLabels("app", name).build());
        spec.setTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build());
        ds.setSpec(spec);
        ds.setStatus(new DaemonSetStatus());
        return ds;
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference ownerRef(DaemonSet owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(DaemonSet.API_VERSION)
                .withKind(DaemonSet.KIND)
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static Pod ownedPod(String name, DaemonSet owner) {
        return new PodBuilder(plainPod(name, "nginx"))
                .editMetadata()
                .withOwnerReferences(ownerRef(owner))
                .endMetadata()
                .build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toList());
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    static boolean isReady(Pod pod) {
        PodCondition ready = condition(pod, "Ready");
        return ready != null && "True".equals(ready.getStatus());
    }

    private static String waitingReason(Pod pod) {
        if (pod == null
                || pod.getStatus() == null
                || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return "";
        }
        var waiting = pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
        return waiting == null ? "" : waiting.getReason();
    }

    private static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    private static String readyStatus(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus())
                .findFirst()
                .orElse(null);
    }

    private static List<String> taintKeys(Node node) {
        return node.getSpec().getTaints() == null
                ? List.of()
                : node.getSpec().getTaints().stream().map(Taint::getKey).toList();
    }
}
