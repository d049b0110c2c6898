package dev.daemonset.operator.sandbox;

import static dev.daemonset.operator.sandbox.UpstreamSurgeInvariants.isAvailable;
import static dev.daemonset.operator.sandbox.UpstreamSurgeInvariants.isControlledBy;
import static dev.daemonset.operator.sandbox.UpstreamSurgeInvariants.targetNode;
import static dev.daemonset.operator.sandbox.UpstreamSurgeInvariants.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.pods.TemplateHasher;
import dev.daemonset.operator.testing.ClusterUnderTest;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code It} of upstream's DaemonSet end-to-end suite (kubernetes/kubernetes
 * {@code test/e2e/apps/daemon_set.go}, "[sig-apps] Daemon set [Serial]"), run against the operator with
 * upstream's steps and assertions: in an in-process sandbox by default, or on any cluster with
 * {@code -De2e.kubeconfig=FILE} ({@link ClusterUnderTest}). Like upstream, every test gets its own namespace,
 * and after each one every DaemonSet in it is deleted, its pods are waited away, the namespace is deleted
 * and the nodes lose the {@code daemonset-} labels the test set; the tests share one cluster, as upstream's do.
 *
 * <p>What differs everywhere, because the DaemonSet is a custom resource:
 * <ul>
 *   <li>the group is {@code daemonset.dev/v1alpha1} instead of {@code apps/v1};</li>
 *   <li>an API server takes no strategic merge patch for a custom resource, so upstream's strategic merge
 *       patches are sent as the JSON patch (a container's field) or JSON merge patch (maps only) that
 *       changes the same fields;</li>
 *   <li>"the nodes that should run the daemon" is decided here from the nodes' taints, labels and the
 *       template's node selector and affinity, where upstream asks the controller's own
 *       {@code NodeShouldRunDaemonPod}, so the operator's answer is checked rather than reused;</li>
 *   <li>in the sandbox, waits are bounded by a minute instead of upstream's five: its kubelet makes a pod
 *       ready within {@link #READY_AFTER} ({@link ClusterUnderTest#patience()}).</li>
 * </ul>
 * Each test says what else differs. Nothing of upstream's suite is left out: every scenario applies to a
 * custom DaemonSet.
 */
@Tag("operator-e2e")
// a backstop: every wait is bounded by the cluster's patience, upstream's five minutes on a real cluster
@Timeout(900)
class UpstreamDaemonSetE2eTest {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamDaemonSetE2eTest.class);
    private static final Duration READY_AFTER = Duration.ofMillis(200);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(100);
    private static final String DS_NAME = "daemon-set";
    private static final String LABEL_PREFIX = "daemonset-";
    private static final String NAME_LABEL = LABEL_PREFIX + "name";
    private static final String COLOR_LABEL = LABEL_PREFIX + "color";
    private static final String IMAGE = "registry.k8s.io/e2e-test-images/agnhost:2.53";
    private static final String PREV_IMAGE = "registry.k8s.io/e2e-test-images/agnhost:2.52";
    private static final String REVISION_HASH = "controller-revision-hash";
    private static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    private static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
    /** The annotation upstream's BeforeEach empties on the test namespace. */
    private static final String NAMESPACE_NODE_SELECTOR = "scheduler.alpha.kubernetes.io/node-selector";
    /** Tolerated by every daemon pod (the controller adds them), so such taints never keep one away. */
    private static final Set<String> DEFAULT_TOLERATED = Set.of(
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
            "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/pid-pressure",
            "node.kubernetes.io/unschedulable");

    private static ClusterUnderTest cluster;
    private static KubernetesClient c;
    private final Random random = new Random();
    private String ns;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterUnderTest.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(READY_AFTER)
                .withOperator(true));
        c = cluster.client();
        LOG.info("upstream's DaemonSet suite against {}", cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Upstream's framework gives every test a fresh namespace, named so that it cannot clash with one left on a
     * shared cluster; its BeforeEach empties the namespace's node selector.
     */
    @BeforeEach
    void beforeEach() {
        ns = "daemonsets-" + UUID.randomUUID().toString().substring(0, 8);
        c.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        c.namespaces()
                .withName(ns)
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + NAMESPACE_NODE_SELECTOR + "\":\"\"}}}");
        clearDaemonSetNodeLabels();
    }

    /**
     * Upstream's AfterEach: delete every DaemonSet and wait for the garbage collector, then clear the node labels;
     * then, as its framework does, delete the namespace.
     */
    @AfterEach
    void afterEach() {
        try {
            for (DaemonSet ds : daemonSets().list().getItems()) {
                LOG.info("Deleting DaemonSet {}", ds.getMetadata().getName());
                deleteResourceAndWaitForGc(ds);
                awaitTrue("daemon pods of " + ds.getMetadata().getName() + " reaped", () -> checkRunningOnNoNodes(ds));
            }
            clearDaemonSetNodeLabels();
        } finally {
            c.namespaces().withName(ns).delete();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("should run and stop simple daemon")
    void shouldRunAndStopSimpleDaemon() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);

        DaemonSet ds = create(newDaemonSet(DS_NAME, IMAGE, label));

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(ds));
        checkDaemonStatus(DS_NAME);

        // Stop a daemon pod, check that the daemon pod is revived.
        Pod pod = listDaemonPods(label).get(0);
        c.pods().inNamespace(ns).resource(pod).delete();
        awaitTrue("daemon pod revived", () -> checkRunningOnAllNodes(ds));
    }

    @Test
    @DisplayName("should run and stop complex daemon")
    void shouldRunAndStopComplexDaemon() {
        Map<String, String> complexLabel = Map.of(NAME_LABEL, DS_NAME);
        Map<String, String> nodeSelector = new HashMap<>(Map.of(COLOR_LABEL, "blue"));
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, complexLabel);
        ds0.getSpec().getTemplate().getSpec().setNodeSelector(new HashMap<>(nodeSelector));
        DaemonSet ds = create(ds0);

        awaitTrue("initially, daemon pods run on no node", () -> checkRunningOnNoNodes(ds));

        // Change node label to blue, check that daemon pod is launched.
        Node node = randomReadySchedulableNode();
        Node newNode = setDaemonSetNodeLabels(node.getMetadata().getName(), nodeSelector);
        assertThat(daemonSetLabels(newNode)).hasSize(1);
        awaitTrue(
                "a daemon pod runs on the blue node only",
                () -> checkDaemonPodOnNodes(ds, List.of(newNode.getMetadata().getName())));
        checkDaemonStatus(DS_NAME);

        // Update the node label to green, and wait for daemons to be unscheduled.
        nodeSelector.put(COLOR_LABEL, "green");
        Node greenNode = setDaemonSetNodeLabels(node.getMetadata().getName(), nodeSelector);
        awaitTrue("daemon pods run on no node once the node is green", () -> checkRunningOnNoNodes(ds));

        // Update DaemonSet node selector to green, and change its update strategy to RollingUpdate.
        // (upstream: the same fields by strategic merge patch)
        DaemonSet patched = daemonSets()
                .withName(DS_NAME)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"" + COLOR_LABEL + "\":\""
                                + greenNode.getMetadata().getLabels().get(COLOR_LABEL) + "\"}}},"
                                + "\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}");
        assertThat(daemonSetLabels(greenNode)).hasSize(1);
        awaitTrue(
                "a daemon pod runs on the green node only",
                () -> checkDaemonPodOnNodes(
                        patched, List.of(greenNode.getMetadata().getName())));
        checkDaemonStatus(DS_NAME);
    }

    @Test
    @DisplayName("should run and stop complex daemon with node affinity")
    void shouldRunAndStopComplexDaemonWithNodeAffinity() {
        Map<String, String> complexLabel = Map.of(NAME_LABEL, DS_NAME);
        Map<String, String> nodeSelector = Map.of(COLOR_LABEL, "blue");
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, complexLabel);
        ds0.getSpec()
                .getTemplate()
                .getSpec()
                .setAffinity(new AffinityBuilder()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .addNewMatchExpression()
                        .withKey(COLOR_LABEL)
                        .withOperator("In")
                        .withValues(nodeSelector.get(COLOR_LABEL))
                        .endMatchExpression()
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .build());
        DaemonSet ds = create(ds0);

        awaitTrue("initially, daemon pods run on no node", () -> checkRunningOnNoNodes(ds));

        // Change node label to blue, check that daemon pod is launched.
        Node node = randomReadySchedulableNode();
        Node newNode = setDaemonSetNodeLabels(node.getMetadata().getName(), nodeSelector);
        assertThat(daemonSetLabels(newNode)).hasSize(1);
        awaitTrue(
                "a daemon pod runs on the blue node only",
                () -> checkDaemonPodOnNodes(ds, List.of(newNode.getMetadata().getName())));
        checkDaemonStatus(DS_NAME);

        // Remove the node label and wait for daemons to be unscheduled.
        setDaemonSetNodeLabels(node.getMetadata().getName(), Map.of());
        awaitTrue("daemon pods run on no node once the label is gone", () -> checkRunningOnNoNodes(ds));
    }

    @Test
    @DisplayName("should retry creating failed daemon pods")
    void shouldRetryCreatingFailedDaemonPods() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);

        DaemonSet ds = create(newDaemonSet(DS_NAME, IMAGE, label));

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(ds));
        checkDaemonStatus(DS_NAME);

        // Set a daemon pod's phase to 'Failed', check that the daemon pod is revived.
        Pod pod = listDaemonPods(label).get(0);
        pod.getMetadata().setResourceVersion(null);
        pod.getStatus().setPhase("Failed");
        c.pods().inNamespace(ns).resource(pod).updateStatus();
        awaitTrue("daemon pod revived", () -> checkRunningOnAllNodes(ds));

        // Wait for the failed daemon pod to be completely deleted.
        awaitTrue(
                "the failed daemon pod is completely deleted",
                () -> c.pods()
                                .inNamespace(ns)
                                .withName(pod.getMetadata().getName())
                                .get()
                        == null);
        // Upstream stops here. Its poll for the revival can succeed on the failed pod itself (a Failed pod keeps
        // its Ready condition), so the replacement is checked once more now that the failed pod is gone.
        awaitTrue("a replacement daemon pod runs on the failed pod's node", () -> checkRunningOnAllNodes(ds));
    }

    @Test
    @DisplayName("should not update pod when spec was updated and update strategy is OnDelete")
    void shouldNotUpdatePodWhenSpecWasUpdatedAndUpdateStrategyIsOnDelete() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, label);
        ds0.getSpec().setUpdateStrategy(strategy(DaemonSetUpdateStrategy.ON_DELETE, null));
        DaemonSet created = create(ds0);

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(created));

        // Check history and labels
        DaemonSet ds = get(DS_NAME);
        waitForHistoryCreated(label, 1);
        ControllerRevision first = curHistory(listDaemonHistories(label), ds);
        String firstHash = first.getMetadata().getLabels().get(REVISION_HASH);
        assertThat(first.getRevision()).isEqualTo(1L);
        checkDaemonSetPodsLabels(listDaemonPods(label), firstHash);

        // Update daemon pods image.
        DaemonSet updated = setImage(PREV_IMAGE);

        awaitTrue("daemon pods' images are not updated", () -> checkDaemonPodsImageAndAvailability(updated, IMAGE, 0));
        awaitTrue("daemon pods still run on every node of the cluster", () -> checkRunningOnAllNodes(updated));

        // Check history and labels
        ds = get(DS_NAME);
        waitForHistoryCreated(label, 2);
        ControllerRevision cur = curHistory(listDaemonHistories(label), ds);
        assertThat(cur.getRevision()).isEqualTo(2L);
        assertThat(cur.getMetadata().getLabels()).doesNotContainEntry(REVISION_HASH, firstHash);
        checkDaemonSetPodsLabels(listDaemonPods(label), firstHash);
    }

    /**
     * Upstream's current test checks the resourceVersions and revisions; its earlier version (extensions/v1beta1
     * days) also checked that every pod carries the DaemonSet's template generation (label
     * {@code pod-template-generation}, annotation {@code deprecated.daemonset.template.generation} on the
     * DaemonSet, 1 at creation, 2 after the image change), which apps/v1 DaemonSets and their pods still carry.
     * Those checks are kept here, and reported after the others so a missing generation does not hide them.
     */
    @Test
    @DisplayName("should update pod when spec was updated and update strategy is RollingUpdate")
    void shouldUpdatePodWhenSpecWasUpdatedAndUpdateStrategyIsRollingUpdate() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, label);
        ds0.getSpec().setUpdateStrategy(strategy(DaemonSetUpdateStrategy.ROLLING_UPDATE, null));
        DaemonSet created = create(ds0);
        assertThat(created.getMetadata().getResourceVersion())
                .as("a valid resourceVersion")
                .matches("[1-9][0-9]*");

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(created));
        List<String> templateGenerationMismatches = new ArrayList<>(templateGenerationMismatches(label, "1"));

        // Check history and labels
        DaemonSet ds = get(DS_NAME);
        waitForHistoryCreated(label, 1);
        ControllerRevision cur = curHistory(listDaemonHistories(label), ds);
        String hash = cur.getMetadata().getLabels().get(REVISION_HASH);
        assertThat(cur.getRevision()).isEqualTo(1L);
        checkDaemonSetPodsLabels(listDaemonPods(label), hash);

        // Update daemon pods image.
        String oldResourceVersion = ds.getMetadata().getResourceVersion();
        DaemonSet updated = setImage(PREV_IMAGE);
        assertThat(new BigInteger(updated.getMetadata().getResourceVersion()))
                .as("patched object should have a larger resource version")
                .isGreaterThan(new BigInteger(oldResourceVersion));

        // upstream allows 5 minutes + 30 s per node
        awaitTrue(
                cluster.patience().plusSeconds(30L * c.nodes().list().getItems().size()),
                "daemon pods' images are updated",
                () -> checkDaemonPodsImageAndAvailability(updated, PREV_IMAGE, 1));
        awaitTrue("daemon pods still run on every node of the cluster", () -> checkRunningOnAllNodes(updated));
        templateGenerationMismatches.addAll(templateGenerationMismatches(label, "2"));

        // Check history and labels
        ds = get(DS_NAME);
        waitForHistoryCreated(label, 2);
        cur = curHistory(listDaemonHistories(label), ds);
        hash = cur.getMetadata().getLabels().get(REVISION_HASH);
        assertThat(cur.getRevision()).isEqualTo(2L);
        checkDaemonSetPodsLabels(listDaemonPods(label), hash);
        assertThat(templateGenerationMismatches).as("template generations").isEmpty();
    }

    @Test
    @DisplayName("should rollback without unnecessary restarts")
    void shouldRollbackWithoutUnnecessaryRestarts() {
        assertThat(readySchedulableNodes())
                .as("the test needs a cluster with at least 2 nodes")
                .hasSizeGreaterThan(1);
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, label);
        ds0.getSpec().setUpdateStrategy(strategy(DaemonSetUpdateStrategy.ROLLING_UPDATE, null));
        DaemonSet ds = create(ds0);

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(ds));

        // Update the DaemonSet to trigger a rollout; a nonexistent image makes sure it won't finish
        // (no registry has it; the sandbox's kubelet keeps a pod whose image contains "non-existent" in ErrImagePull).
        String newImage = "foo:non-existent";
        DaemonSet newDs = updateDaemonSetWithRetries(DS_NAME, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(newImage);
            return d;
        });

        // Make sure we're in the middle of a rollout
        awaitTrue(
                "at least one pod runs the new image",
                () -> listDaemonPods(label).stream().anyMatch(p -> newImage.equals(imageOf(p))));

        List<Pod> existingPods = new ArrayList<>();
        List<Pod> newPods = new ArrayList<>();
        for (Pod pod : listDaemonPods(label)) {
            String image = imageOf(pod);
            if (image.equals(imageOf(ds))) {
                existingPods.add(pod);
            } else if (image.equals(imageOf(newDs))) {
                newPods.add(pod);
            } else {
                throw new AssertionError("unexpected pod found, image = " + image);
            }
        }
        if (readySchedulableNodes().size() < 2) {
            assertThat(existingPods).isEmpty();
        } else {
            assertThat(existingPods).isNotEmpty();
        }
        assertThat(newPods).isNotEmpty();

        // Roll back the DaemonSet before rollout is complete
        DaemonSet rollbackDs = updateDaemonSetWithRetries(DS_NAME, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(IMAGE);
            return d;
        });

        awaitTrue("the rollback is complete", () -> checkDaemonPodsImageAndAvailability(rollbackDs, IMAGE, 1));

        // After rollback is done, compare current pods with previous old pods during rollout, to make sure
        // they're not restarted
        Set<String> rollbackPods = listDaemonPods(label).stream()
                .map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(existingPods)
                .allSatisfy(p -> assertThat(rollbackPods)
                        .as("unexpected pod %s be restarted", p.getMetadata().getName())
                        .contains(p.getMetadata().getName()));
    }

    /**
     * Upstream's pre-stop hook ("sleep 15", so old and new containers overlap while the old one terminates)
     * has no effect in the sandbox: its API server removes a deleted pod at once, without a grace period. The
     * sandbox's kubelet does not run the readiness probe either; upstream makes an old pod unready by writing
     * to the file the probe reads, which {@link ClusterUnderTest#failReadinessProbe} does on a real cluster and
     * the sandbox does by the annotation its kubelet reads for that.
     */
    @Test
    @DisplayName("should surge pods onto nodes when spec was updated and update strategy is RollingUpdate")
    void shouldSurgePodsOntoNodesWhenSpecWasUpdatedAndUpdateStrategyIsRollingUpdate() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);
        Duration maxSurgeOverlap = Duration.ofSeconds(60);
        int maxSurge = 1;
        String oldVersion = "1";
        DaemonSet ds0 = newDaemonSet(DS_NAME, IMAGE, label);
        ds0.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .set(
                        0,
                        new ContainerBuilder(ds0.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0))
                                .withEnv(new EnvVar("VERSION", oldVersion, null))
                                // delay shutdown by 15s to allow containers to overlap in time
                                .withNewLifecycle()
                                .withNewPreStop()
                                .withNewExec()
                                .withCommand("/bin/sh", "-c", "sleep 15")
                                .endExec()
                                .endPreStop()
                                .endLifecycle()
                                // use a readiness probe that can be forced to fail (by changing the contents of
                                // /var/tmp/ready)
                                .withNewReadinessProbe()
                                .withNewExec()
                                .withCommand(
                                        "/bin/sh",
                                        "-ec",
                                        "touch /var/tmp/ready; [[ \"$( cat /var/tmp/ready )\" == \"\" ]]")
                                .endExec()
                                .withInitialDelaySeconds(7)
                                .withPeriodSeconds(3)
                                .withSuccessThreshold(1)
                                .withFailureThreshold(1)
                                .endReadinessProbe()
                                .build());
        // use a simple surge strategy
        RollingUpdateDaemonSet rollingUpdate = new RollingUpdateDaemonSet();
        rollingUpdate.setMaxUnavailable(new IntOrString(0));
        rollingUpdate.setMaxSurge(new IntOrString("20%"));
        ds0.getSpec().setUpdateStrategy(strategy(DaemonSetUpdateStrategy.ROLLING_UPDATE, rollingUpdate));
        // The pod must be ready for at least 10s before we delete the old pod
        ds0.getSpec().setMinReadySeconds(10);
        DaemonSet created = create(ds0);

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(created));

        // Check history and labels
        DaemonSet ds = get(DS_NAME);
        waitForHistoryCreated(label, 1);
        ControllerRevision cur = curHistory(listDaemonHistories(label), ds);
        String hash = cur.getMetadata().getLabels().get(REVISION_HASH);
        assertThat(cur.getRevision()).isEqualTo(1L);
        checkDaemonSetPodsLabels(listDaemonPods(label), hash);

        String newVersion = "2";
        long seed = Long.getLong("upstream.e2e.seed", System.nanoTime());
        Random faults = new Random(seed);
        List<String> injected = Collections.synchronizedList(new ArrayList<>());
        try (UpstreamSurgeInvariants invariants =
                UpstreamSurgeInvariants.watch(c, ds, maxSurge, maxSurgeOverlap, oldVersion, newVersion)) {
            // Update daemon pods environment var (upstream: the same field by strategic merge patch)
            DaemonSet updated = daemonSets()
                    .withName(DS_NAME)
                    .patch(
                            PatchContext.of(PatchType.JSON),
                            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/env\",\"value\":[{\"name\":\"VERSION\","
                                    + "\"value\":\"" + newVersion + "\"}]}]");

            // Check that daemon pods surge and invariants are preserved during that rollout; as upstream, the
            // patience twice (once more for the random pod terminations) + 30 s per node.
            List<String> schedulableNodes = schedulableNodes(updated);
            await("daemon pods surge onto every node; seed " + seed + ", injected " + injected)
                    .pollInterval(Duration.ofSeconds(1))
                    .atMost(cluster.patience().multipliedBy(2).plusSeconds(30L * schedulableNodes.size()))
                    .until(() -> {
                        UpstreamSurgeInvariants.Observation seen = invariants.observe("a poll");
                        if (!invariants.violations().isEmpty()) {
                            return true;
                        }
                        if (seen.rolledOut(schedulableNodes, newVersion)) {
                            return true;
                        }
                        injectRandomFailure(faults, seen.pods(), oldVersion, invariants, injected);
                        return false;
                    });
            assertThat(invariants.violations())
                    .as("invariants violated during the DaemonSet update (seed %d, injected %s)", seed, injected)
                    .isEmpty();
            assertThat(invariants.podEvents())
                    .as("pod events the invariants were checked on")
                    .isPositive();
            LOG.info(
                    "surge rollout checked on {} pod events and {} other observations (the first list, the polls); "
                            + "injected {}",
                    invariants.podEvents(),
                    invariants.observations() - invariants.podEvents(),
                    injected);

            awaitTrue("daemon pods still run on every node of the cluster", () -> checkRunningOnAllNodes(updated));
        }

        // Check history and labels
        ds = get(DS_NAME);
        waitForHistoryCreated(label, 2);
        cur = curHistory(listDaemonHistories(label), ds);
        hash = cur.getMetadata().getLabels().get(REVISION_HASH);
        assertThat(cur.getRevision()).isEqualTo(2L);
        checkDaemonSetPodsLabels(listDaemonPods(label), hash);
    }

    @Test
    @DisplayName("should list and delete a collection of DaemonSets")
    void shouldListAndDeleteACollectionOfDaemonSets() {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);

        DaemonSet testDaemonSet = create(newDaemonSetWithLabel(DS_NAME, IMAGE, label));

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(testDaemonSet));
        checkDaemonStatus(DS_NAME);

        // listing all DaemonSets
        List<DaemonSet> dsList = c.resources(DaemonSet.class)
                .inAnyNamespace()
                .withLabels(label)
                .list()
                .getItems();
        assertThat(dsList).as("filtered list wasn't found").hasSize(1);

        // DeleteCollection of the DaemonSets
        daemonSets().withLabels(label).withGracePeriod(1).delete();

        // Verify that DaemonSets have been deleted
        dsList = c.resources(DaemonSet.class)
                .inAnyNamespace()
                .withLabels(label)
                .list()
                .getItems();
        assertThat(dsList).as("filtered list should have no daemonset").isEmpty();
    }

    /**
     * Upstream reads /status with its dynamic client, and merge-patches it with a whole apps/v1 DaemonSet
     * marshalled from Go, whose status holds the one condition and zero counts (the status subresource ignores
     * the rest; the controller writes the counts again). Here /status is read with a plain GET and patched
     * with the condition alone.
     */
    @Test
    @DisplayName("should verify changes to a daemon set status")
    void shouldVerifyChangesToADaemonSetStatus() throws Exception {
        Map<String, String> label = Map.of(NAME_LABEL, DS_NAME);

        String listResourceVersion = c.resources(DaemonSet.class)
                .inAnyNamespace()
                .withLabels(label)
                .list()
                .getMetadata()
                .getResourceVersion();

        DaemonSet testDaemonSet = create(newDaemonSetWithLabel(DS_NAME, IMAGE, label));

        awaitTrue("daemon pods launch on every node of the cluster", () -> checkRunningOnAllNodes(testDaemonSet));
        checkDaemonStatus(DS_NAME);

        // Getting /status (upstream: with the dynamic client)
        String statusJson =
                c.raw("/apis/" + DaemonSet.API_VERSION + "/namespaces/" + ns + "/daemonsets/" + DS_NAME + "/status");
        assertThat(statusJson).as("GET /status").isNotNull();
        DaemonSet dsStatus = c.getKubernetesSerialization().unmarshal(statusJson, DaemonSet.class);
        assertThat(dsStatus.getMetadata().getName()).isEqualTo(DS_NAME);
        LOG.info(
                "Daemon Set {} has Conditions: {}",
                DS_NAME,
                dsStatus.getStatus().getConditions());

        // updating the DaemonSet Status
        DaemonSet updatedStatus = retryOnConflict(() -> {
            DaemonSet statusToUpdate = get(DS_NAME);
            List<DaemonSetCondition> conditions = new ArrayList<>(
                    statusToUpdate.getStatus().getConditions() == null
                            ? List.of()
                            : statusToUpdate.getStatus().getConditions());
            conditions.add(new DaemonSetCondition("StatusUpdate", "True", "E2E", "Set from e2e test", null, null));
            statusToUpdate.getStatus().setConditions(conditions);
            return daemonSets().resource(statusToUpdate).updateStatus();
        });
        LOG.info("updatedStatus.Conditions: {}", updatedStatus.getStatus().getConditions());

        // watching for the daemon set status to be updated
        watchUntil(
                listResourceVersion,
                label,
                testDaemonSet,
                "a StatusUpdate condition set by the test",
                cond -> "StatusUpdate".equals(cond.getType())
                        && "E2E".equals(cond.getReason())
                        && "Set from e2e test".equals(cond.getMessage()));

        // patching the DaemonSet Status
        daemonSets()
                .withName(DS_NAME)
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"StatusPatched\",\"status\":\"True\"}]}}");

        // watching for the daemon set status to be patched
        watchUntil(
                listResourceVersion,
                label,
                testDaemonSet,
                "a StatusPatched condition",
                cond -> "StatusPatched".equals(cond.getType()));
    }

    // ---- upstream's helpers ---------------------------------------------------------------------------------

    /** upstream newDaemonSet: no labels on the DaemonSet itself. */
    private DaemonSet newDaemonSet(String name, String image, Map<String, String> label) {
        DaemonSet ds = newDaemonSetWithLabel(name, image, label);
        ds.getMetadata().setLabels(null);
        return ds;
    }

    /** upstream e2edaemonset.NewDaemonSet: one container "app" with port 9376 and empty security contexts. */
    private DaemonSet newDaemonSetWithLabel(String name, String image, Map<String, String> label) {
        DaemonSet ds = new DaemonSet();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(ns);
        meta.setLabels(new LinkedHashMap<>(label));
        ds.setMetadata(meta);
        DaemonSetSpec spec = new DaemonSetSpec();
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(new LinkedHashMap<>(label));
        spec.setSelector(selector);
        PodTemplateSpec template = new PodTemplateSpec();
        ObjectMeta templateMeta = new ObjectMeta();
        templateMeta.setLabels(new LinkedHashMap<>(label));
        template.setMetadata(templateMeta);
        PodSpec podSpec = new PodSpec();
        podSpec.setContainers(new ArrayList<>(List.of(new ContainerBuilder()
                .withName("app")
                .withImage(image)
                .addNewPort()
                .withContainerPort(9376)
                .endPort()
                .withSecurityContext(new SecurityContext())
                .build())));
        podSpec.setSecurityContext(new PodSecurityContext());
        template.setSpec(podSpec);
        spec.setTemplate(template);
        ds.setSpec(spec);
        return ds;
    }

    private static DaemonSetUpdateStrategy strategy(String type, RollingUpdateDaemonSet rollingUpdate) {
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(UpdateStrategyType.named(type));
        strategy.setRollingUpdate(rollingUpdate);
        return strategy;
    }

    private MixedOperation<DaemonSet, KubernetesResourceList<DaemonSet>, Resource<DaemonSet>> daemonSetsAnywhere() {
        return c.resources(DaemonSet.class);
    }

    private NonNamespaceOperation<DaemonSet, KubernetesResourceList<DaemonSet>, Resource<DaemonSet>> daemonSets() {
        return daemonSetsAnywhere().inNamespace(ns);
    }

    private DaemonSet create(DaemonSet ds) {
        LOG.info("Creating DaemonSet {}", ds.getMetadata().getName());
        return daemonSets().resource(ds).create();
    }

    private DaemonSet get(String name) {
        return daemonSets().withName(name).get();
    }

    /** upstream getDaemonSetImagePatch, as the JSON patch a custom resource takes. */
    private DaemonSet setImage(String image) {
        return daemonSets()
                .withName(DS_NAME)
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image
                                + "\"}]");
    }

    /** upstream updateDaemonSetWithRetries: get, change, update; again on a conflict, for up to a minute. */
    private DaemonSet updateDaemonSetWithRetries(String name, UnaryOperator<DaemonSet> applyUpdate) {
        List<DaemonSet> result = new ArrayList<>();
        await("update of DaemonSet " + name)
                .pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofMinutes(1))
                .until(() -> {
                    try {
                        result.add(daemonSets()
                                .resource(applyUpdate.apply(get(name)))
                                .update());
                        return true;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == 409) {
                            return false;
                        }
                        throw e;
                    }
                });
        return result.get(0);
    }

    private static <T> T retryOnConflict(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** upstream DeleteResourceAndWaitForGC: delete in the background, wait until the DaemonSet and its pods are gone. */
    private void deleteResourceAndWaitForGc(DaemonSet ds) {
        daemonSets().withName(ds.getMetadata().getName()).delete();
        awaitTrue(
                "DaemonSet " + ds.getMetadata().getName() + " deleted",
                () -> daemonSets().withName(ds.getMetadata().getName()).get() == null);
        awaitTrue(
                "pods of " + ds.getMetadata().getName() + " collected",
                () -> c.pods().inNamespace(ns).list().getItems().stream()
                        .noneMatch(p -> isControlledBy(p, ds.getMetadata().getUid())));
    }

    /** upstream listDaemonPods: the pods with the label that are neither Failed nor Succeeded; there must be some. */
    private List<Pod> listDaemonPods(Map<String, String> label) {
        String selector = selector(label);
        List<Pod> pods = c.pods()
                .inNamespace(ns)
                .list(new ListOptionsBuilder()
                        .withLabelSelector(selector)
                        .withFieldSelector("status.phase!=Failed,status.phase!=Succeeded")
                        .build())
                .getItems();
        assertThat(pods).as("daemon pods").isNotEmpty();
        return pods;
    }

    private static Map<String, String> daemonSetLabels(Node node) {
        return node.getMetadata().getLabels().entrySet().stream()
                .filter(e -> e.getKey().startsWith(LABEL_PREFIX))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private void clearDaemonSetNodeLabels() {
        for (Node node : readySchedulableNodes()) {
            setDaemonSetNodeLabels(node.getMetadata().getName(), Map.of());
        }
    }

    /** upstream setDaemonSetNodeLabels: replace the node's daemonset- labels by these, retrying on conflict. */
    private Node setDaemonSetNodeLabels(String nodeName, Map<String, String> labels) {
        List<Node> result = new ArrayList<>();
        await("labels " + labels + " on node " + nodeName)
                .pollInterval(Duration.ofMillis(100))
                .atMost(cluster.patience())
                .until(() -> {
                    Node node = c.nodes().withName(nodeName).get();
                    if (daemonSetLabels(node).equals(labels)) {
                        result.add(node);
                        return true;
                    }
                    Map<String, String> newLabels =
                            new LinkedHashMap<>(node.getMetadata().getLabels());
                    newLabels.keySet().removeIf(k -> k.startsWith(LABEL_PREFIX));
                    newLabels.putAll(labels);
                    node.getMetadata().setLabels(newLabels);
                    try {
                        result.add(c.nodes().resource(node).update());
                        return true;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == 409) {
                            return false;
                        }
                        throw e;
                    }
                });
        Node updated = result.get(0);
        assertThat(daemonSetLabels(updated))
                .as("daemon set test labels on " + nodeName)
                .isEqualTo(labels);
        return updated;
    }

    /** upstream e2enode.GetReadySchedulableNodes: Ready, schedulable, without NoSchedule or NoExecute taints. */
    private List<Node> readySchedulableNodes() {
        return c.nodes().list().getItems().stream()
                .filter(n ->
                        n.getSpec().getUnschedulable() == null || !n.getSpec().getUnschedulable())
                .filter(n -> n.getStatus() != null
                        && n.getStatus().getConditions() != null
                        && n.getStatus().getConditions().stream()
                                .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus())))
                .filter(n -> n.getSpec().getTaints() == null
                        || n.getSpec().getTaints().stream()
                                .noneMatch(
                                        t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())))
                .toList();
    }

    private Node randomReadySchedulableNode() {
        List<Node> nodes = readySchedulableNodes();
        assertThat(nodes).as("ready schedulable nodes").isNotEmpty();
        return nodes.get(random.nextInt(nodes.size()));
    }

    /**
     * The nodes the daemon should run on (upstream e2edaemonset.SchedulableNodes asks the controller's
     * NodeShouldRunDaemonPod): no taint a daemon pod does not tolerate, the template's node selector and
     * required node affinity match.
     */
    private List<String> schedulableNodes(DaemonSet ds) {
        PodSpec spec = ds.getSpec().getTemplate().getSpec();
        List<String> out = new ArrayList<>();
        for (Node node : c.nodes().list().getItems()) {
            Map<String, String> labels = node.getMetadata().getLabels() == null
                    ? Map.of()
                    : node.getMetadata().getLabels();
            boolean tolerated = node.getSpec().getTaints() == null
                    || node.getSpec().getTaints().stream()
                            .allMatch(t -> DEFAULT_TOLERATED.contains(t.getKey()) || !isBlocking(t));
            boolean selected = spec.getNodeSelector() == null
                    || spec.getNodeSelector().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            if (tolerated && selected && affinityMatches(spec, labels)) {
                out.add(node.getMetadata().getName());
            }
        }
        return out;
    }

    private static boolean isBlocking(Taint taint) {
        return "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
    }

    private static boolean affinityMatches(PodSpec spec, Map<String, String> labels) {
        if (spec.getAffinity() == null
                || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        for (NodeSelectorTerm term : spec.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            List<NodeSelectorRequirement> expressions =
                    term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
            if (!expressions.isEmpty() && expressions.stream().allMatch(r -> requirementMatches(r, labels))) {
                return true;
            }
        }
        return false;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        return switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("operator not used by these tests: " + r.getOperator());
        };
    }

    /** upstream CheckRunningOnAllNodes. */
    private boolean checkRunningOnAllNodes(DaemonSet ds) {
        return checkDaemonPodOnNodes(ds, schedulableNodes(ds));
    }

    private boolean checkRunningOnNoNodes(DaemonSet ds) {
        return checkDaemonPodOnNodes(ds, List.of());
    }

    /** upstream CheckDaemonPodOnNodes: one available pod of the DaemonSet on each of these nodes, none elsewhere. */
    private boolean checkDaemonPodOnNodes(DaemonSet ds, List<String> nodeNames) {
        int minReadySeconds =
                ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        Map<String, Integer> nodesToPodCount = new TreeMap<>();
        for (Pod pod : c.pods().inNamespace(ns).list().getItems()) {
            if (isControlledBy(pod, ds.getMetadata().getUid())
                    && pod.getMetadata().getDeletionTimestamp() == null
                    && isAvailable(pod, minReadySeconds, now)) {
                nodesToPodCount.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
        for (String node : nodeNames) {
            if (nodesToPodCount.getOrDefault(node, 0) != 1) {
                return false;
            }
        }
        return nodesToPodCount.size() == nodeNames.size();
    }

    /**
     * upstream CheckDaemonStatus: desired, current and ready pod counts agree. Upstream reads once, right after
     * the pods became available; the operator writes the status after it sees them so, so the read is allowed
     * a few seconds to catch up.
     */
    private void checkDaemonStatus(String name) {
        await("status of " + name + ": desired = current = ready")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    DaemonSetStatus status = get(name).getStatus();
                    assertThat(status).isNotNull();
                    assertThat(List.of(status.getCurrentNumberScheduled(), status.getNumberReady()))
                            .as("currentNumberScheduled, numberReady")
                            .containsOnly(status.getDesiredNumberScheduled());
                });
    }

    /**
     * upstream checkDaemonPodsImageAndAvailability: every node that should run the daemon has a pod with the
     * image; and never more than maxUnavailable unavailable pods, which fails the wait at once.
     */
    private boolean checkDaemonPodsImageAndAvailability(DaemonSet ds, String image, int maxUnavailable) {
        int minReadySeconds =
                ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        int unavailablePods = 0;
        Map<String, Integer> nodesToUpdatedPodCount = new HashMap<>();
        for (Pod pod : c.pods().inNamespace(ns).list().getItems()) {
            if (pod.getMetadata().getDeletionTimestamp() != null
                    || !isControlledBy(pod, ds.getMetadata().getUid())) {
                continue;
            }
            if (image.equals(imageOf(pod))) {
                nodesToUpdatedPodCount.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
            }
            if (!isAvailable(pod, minReadySeconds, now)) {
                unavailablePods++;
            }
        }
        if (unavailablePods > maxUnavailable) {
            throw new IllegalStateException("number of unavailable pods: " + unavailablePods
                    + " is greater than maxUnavailable: " + maxUnavailable);
        }
        return schedulableNodes(ds).stream().allMatch(node -> nodesToUpdatedPodCount.getOrDefault(node, 0) > 0);
    }

    private static void checkDaemonSetPodsLabels(List<Pod> pods, String hash) {
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String podHash = pod.getMetadata().getLabels().get(REVISION_HASH);
            assertThat(podHash)
                    .as("hash label of pod %s", pod.getMetadata().getName())
                    .isNotEmpty();
            if (hash != null && !hash.isEmpty()) {
                assertThat(podHash)
                        .as("unexpected hash for pod %s", pod.getMetadata().getName())
                        .isEqualTo(hash);
            }
        }
    }

    /**
     * What differs from the template generation upstream's earlier test expected: the DaemonSet must be annotated
     * with it, every active pod labelled with it.
     */
    private List<String> templateGenerationMismatches(Map<String, String> label, String templateGeneration) {
        List<String> out = new ArrayList<>();
        Map<String, String> annotations = get(DS_NAME).getMetadata().getAnnotations();
        String annotated = annotations == null ? null : annotations.get(TEMPLATE_GENERATION_ANNOTATION);
        if (!templateGeneration.equals(annotated)) {
            out.add("DaemonSet annotated " + TEMPLATE_GENERATION_ANNOTATION + "=" + annotated + ", expected "
                    + templateGeneration);
        }
        for (Pod pod : listDaemonPods(label)) {
            String labelled = pod.getMetadata().getLabels().get(TEMPLATE_GENERATION_LABEL);
            if (pod.getMetadata().getDeletionTimestamp() == null && !templateGeneration.equals(labelled)) {
                out.add("pod " + pod.getMetadata().getName() + " labelled " + TEMPLATE_GENERATION_LABEL + "=" + labelled
                        + ", expected " + templateGeneration);
            }
        }
        return out;
    }

    private void waitForHistoryCreated(Map<String, String> label, int numHistory) {
        awaitTrue(
                numHistory + " controllerrevisions created",
                () -> c.apps()
                                .controllerRevisions()
                                .inNamespace(ns)
                                .withLabels(label)
                                .list()
                                .getItems()
                                .size()
                        == numHistory);
    }

    private List<ControllerRevision> listDaemonHistories(Map<String, String> label) {
        List<ControllerRevision> history = c.apps()
                .controllerRevisions()
                .inNamespace(ns)
                .withLabels(label)
                .list()
                .getItems();
        assertThat(history).as("controllerrevisions").isNotEmpty();
        return history;
    }

    /**
     * upstream curHistory: every revision has the hash label, and exactly one holds the DaemonSet's current
     * template (upstream's daemon.Match compares the revision's data with the template).
     */
    private static ControllerRevision curHistory(List<ControllerRevision> history, DaemonSet ds) {
        String current = TemplateHasher.canonicalJson(ds.getSpec().getTemplate());
        List<ControllerRevision> matching = new ArrayList<>();
        for (ControllerRevision revision : history) {
            assertThat(revision.getMetadata().getLabels().get(REVISION_HASH))
                    .as("hash label of revision %s", revision.getMetadata().getName())
                    .isNotEmpty();
            PodTemplateSpec template = templateOf(revision);
            if (template != null && TemplateHasher.canonicalJson(template).equals(current)) {
                matching.add(revision);
            }
        }
        assertThat(matching).as("revisions holding the current template").hasSize(1);
        return matching.get(0);
    }

    /** The template in a revision's data, {@code {"spec":{"template":{..., "$patch":"replace"}}}}. */
    @SuppressWarnings("unchecked")
    private static PodTemplateSpec templateOf(ControllerRevision revision) {
        Map<String, Object> data = c.getKubernetesSerialization().convertValue(revision.getData(), Map.class);
        if (data == null
                || !(data.get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("template") instanceof Map<?, ?> template)) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) template);
        copy.remove("$patch");
        return c.getKubernetesSerialization().convertValue(copy, PodTemplateSpec.class);
    }

    /**
     * upstream watchtools.Until on a watch of the namespace's DaemonSets with the label, from the resourceVersion
     * of a list taken before the DaemonSet existed: waits for an event of this DaemonSet with such a condition.
     */
    private void watchUntil(
            String resourceVersion,
            Map<String, String> label,
            DaemonSet testDaemonSet,
            String what,
            Predicate<DaemonSetCondition> condition) {
        List<String> observed = Collections.synchronizedList(new ArrayList<>());
        Set<Boolean> found = Collections.synchronizedSet(new HashSet<>());
        List<WatcherException> failures = Collections.synchronizedList(new ArrayList<>());
        String selector = selector(label);
        try (Watch watch = daemonSets()
                .watch(
                        new ListOptionsBuilder()
                                .withLabelSelector(selector)
                                .withResourceVersion(resourceVersion)
                                .build(),
                        new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, DaemonSet ds) {
                                boolean ours = DS_NAME.equals(ds.getMetadata().getName())
                                        && testDaemonSet
                                                .getMetadata()
                                                .getNamespace()
                                                .equals(ds.getMetadata().getNamespace())
                                        && ds.getMetadata().getLabels() != null
                                        && DS_NAME.equals(
                                                ds.getMetadata().getLabels().get(NAME_LABEL));
                                List<DaemonSetCondition> conditions =
                                        ds.getStatus() == null || ds.getStatus().getConditions() == null
                                                ? List.of()
                                                : ds.getStatus().getConditions();
                                observed.add(action + " " + ds.getMetadata().getName() + " conditions " + conditions);
                                if (ours && conditions.stream().anyMatch(condition)) {
                                    found.add(true);
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                failures.add(cause);
                            }
                        })) {
            await("a watch event with " + what).atMost(cluster.patience()).until(() -> {
                assertThat(failures).as("watch failures").isEmpty();
                return !found.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "failed to locate daemon set " + DS_NAME + " in namespace " + ns + " with " + what + "; observed: "
                            + observed,
                    e);
        }
    }

    /**
     * Upstream's fault injection while the surge rollout runs: on each poll, one chance in 25 to make a random old
     * pod unready and one in 25 to delete a random pod, so the controller must recover.
     */
    private void injectRandomFailure(
            Random faults,
            List<Pod> pods,
            String oldVersion,
            UpstreamSurgeInvariants invariants,
            List<String> injected) {
        switch (faults.nextInt(25)) {
            case 0 ->
                randomPod(
                                faults,
                                pods,
                                p -> p.getMetadata().getDeletionTimestamp() == null && oldVersion.equals(versionOf(p)))
                        .ifPresent(pod -> {
                            try {
                                // makes the probe's [[ "$(cat /var/tmp/ready)" == "" ]] fail
                                cluster.failReadinessProbe(pod, "/bin/sh", "-ec", "echo 0 > /var/tmp/ready");
                                injected.add("unready " + pod.getMetadata().getName() + " on " + targetNode(pod));
                            } catch (KubernetesClientException e) {
                                LOG.info(
                                        "Failed to mark pod {} as unready: {}",
                                        pod.getMetadata().getName(),
                                        e.getMessage());
                            }
                        });
            case 1 ->
                randomPod(faults, pods, p -> p.getMetadata().getDeletionTimestamp() == null)
                        .ifPresent(pod -> {
                            try {
                                c.pods().inNamespace(ns).resource(pod).delete();
                                invariants.deliberatelyDeleted(pod);
                                injected.add("deleted " + pod.getMetadata().getName() + " (version " + versionOf(pod)
                                        + ") on " + targetNode(pod));
                            } catch (KubernetesClientException e) {
                                LOG.info(
                                        "Failed to delete pod {} early: {}",
                                        pod.getMetadata().getName(),
                                        e.getMessage());
                            }
                        });
            default -> {}
        }
    }

    private static Optional<Pod> randomPod(Random faults, List<Pod> pods, Predicate<Pod> fn) {
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        int offset = faults.nextInt(pods.size());
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get((offset + i) % pods.size());
            if (fn.test(pod)) {
                return Optional.of(pod);
            }
        }
        return Optional.empty();
    }

    private static String selector(Map<String, String> label) {
        return label.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String imageOf(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    private static String imageOf(DaemonSet ds) {
        return ds.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(cluster.patience(), what, condition);
    }

    /** upstream wait.PollUntilContextTimeout: an exception from the check ends the wait at once. */
    private static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        await(what).pollInterval(RETRY_PERIOD).atMost(timeout).until(condition::getAsBoolean);
    }
}
