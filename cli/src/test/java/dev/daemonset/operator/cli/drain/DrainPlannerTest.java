package dev.daemonset.operator.cli.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DrainPlannerTest {
    private static final DrainPlanner.Rules DEFAULTS = new DrainPlanner.Rules(false, false);
    private static final DrainPlanner.Rules FORCE = new DrainPlanner.Rules(true, false);
    private static final DrainPlanner.Rules EMPTY_DIR = new DrainPlanner.Rules(false, true);
    private static final DrainPlanner.Rules BOTH = new DrainPlanner.Rules(true, true);

    /** A running pod in namespace ns; {@code owner} is "apiVersion/Kind" of its controller, or null. */
    private static PodBuilder pod(String name, String owner) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .withUid(name + "-uid")
                .endMetadata()
                .withNewSpec()
                .withNodeName("n1")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (owner != null) {
            int slash = owner.lastIndexOf('/');
            b.editMetadata()
                    .addNewOwnerReference()
                    .withApiVersion(owner.substring(0, slash))
                    .withKind(owner.substring(slash + 1))
                    .withName("owner")
                    .withUid("owner-uid")
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata();
        }
        return b;
    }

    private static Pod withEmptyDir(PodBuilder b) {
        return b.editSpec()
                .addNewVolume()
                .withName("scratch")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
    }

    private static Pod finished(PodBuilder b, String phase) {
        return b.editStatus().withPhase(phase).endStatus().build();
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                row(
                        "ReplicaSet pod is evicted",
                        pod("web", "apps/v1/ReplicaSet").build(),
                        DEFAULTS,
                        true,
                        "OK",
                        null),
                row(
                        "our DaemonSet's pod is left with a warning",
                        pod("agent", "daemonset.dev/v1alpha1/DaemonSet").build(),
                        DEFAULTS,
                        false,
                        "WARNING",
                        "ignoring DaemonSet-managed Pods"),
                row(
                        "our DaemonSet's pod is left even with --force and --delete-emptydir-data",
                        withEmptyDir(pod("agent", "daemonset.dev/v1alpha1/DaemonSet")),
                        BOTH,
                        false,
                        "WARNING",
                        "ignoring DaemonSet-managed Pods"),
                row(
                        "a pod with our label and no owner is left",
                        pod("agent", null)
                                .editMetadata()
                                .addToLabels("daemonset.dev/daemon-pod", "true")
                                .endMetadata()
                                .build(),
                        DEFAULTS,
                        false,
                        "WARNING",
                        "ignoring DaemonSet-managed Pods"),
                row(
                        "a label other than \"true\" does not make a daemon pod",
                        pod("agent", null)
                                .editMetadata()
                                .addToLabels("daemonset.dev/daemon-pod", "false")
                                .endMetadata()
                                .build(),
                        DEFAULTS,
                        false,
                        "ERROR",
                        DrainPlanner.UNMANAGED_FATAL),
                row(
                        "apps/v1 DaemonSet's pod is left",
                        pod("kube-proxy", "apps/v1/DaemonSet").build(),
                        DEFAULTS,
                        false,
                        "WARNING",
                        "ignoring DaemonSet-managed Pods"),
                row(
                        "another group's DaemonSet kind is an ordinary controller",
                        pod("x", "apps.kruise.io/v1alpha1/DaemonSet").build(),
                        DEFAULTS,
                        true,
                        "OK",
                        null),
                row(
                        "a finished daemon pod is evicted",
                        finished(pod("agent", "daemonset.dev/v1alpha1/DaemonSet"), "Succeeded"),
                        DEFAULTS,
                        true,
                        "OK",
                        null),
                row(
                        "a mirror pod is left silently",
                        pod("etcd-n1", "v1/Node")
                                .editMetadata()
                                .addToAnnotations("kubernetes.io/config.mirror", "abc")
                                .endMetadata()
                                .build(),
                        BOTH,
                        false,
                        "SKIP",
                        null),
                row(
                        "emptyDir without --delete-emptydir-data is refused",
                        withEmptyDir(pod("cache", "apps/v1/ReplicaSet")),
                        FORCE,
                        false,
                        "ERROR",
                        DrainPlanner.LOCAL_STORAGE_FATAL),
                row(
                        "emptyDir with --delete-emptydir-data is evicted",
                        withEmptyDir(pod("cache", "apps/v1/ReplicaSet")),
                        EMPTY_DIR,
                        true,
                        "OK",
                        null),
                row(
                        "a finished pod with emptyDir is evicted",
                        finished(pod("job", "batch/v1/Job"), "Failed"),
                        DEFAULTS,
                        true,
                        "OK",
                        null),
                row(
                        "no controller without --force is refused",
                        pod("bare", null).build(),
                        EMPTY_DIR,
                        false,
                        "ERROR",
                        DrainPlanner.UNMANAGED_FATAL),
                row(
                        "no controller with --force is evicted with a warning",
                        pod("bare", null).build(),
                        FORCE,
                        true,
                        "WARNING",
                        "deleting Pods that declare no controller"),
                row(
                        "a finished pod without controller is evicted",
                        finished(pod("bare", null), "Succeeded"),
                        DEFAULTS,
                        true,
                        "OK",
                        null),
                row(
                        "emptyDir and no controller: local storage is named first",
                        withEmptyDir(pod("bare", null)),
                        DEFAULTS,
                        false,
                        "ERROR",
                        DrainPlanner.LOCAL_STORAGE_FATAL));
    }

    private static Arguments row(
            String name, Pod pod, DrainPlanner.Rules rules, boolean evict, String kind, String message) {
        return Arguments.of(Named.of(name, pod), rules, evict, kind, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void verdict(Pod pod, DrainPlanner.Rules rules, boolean evict, String kind, String message) {
        PodVerdict v = DrainPlanner.verdict(pod, rules);
        assertThat(v.evict()).isEqualTo(evict);
        assertThat(v.kind().name()).isEqualTo(kind);
        assertThat(v.message()).isEqualTo(message);
    }

    @Test
    void warningsAndErrorsAreWordedAndGroupedAsKubectlPrintsThem() {
        List<Pod> pods = List.of(
                pod("agent-a", "daemonset.dev/v1alpha1/DaemonSet").build(),
                pod("bare-1", null).build(),
                withEmptyDir(pod("cache", "apps/v1/ReplicaSet")),
                pod("kube-proxy-x", "apps/v1/DaemonSet").build(),
                pod("bare-2", null).build(),
                pod("web", "apps/v1/ReplicaSet").build());

        DrainPlanner.Plan refused = DrainPlanner.plan(pods, DEFAULTS);
        assertThat(refused.errors())
                .containsExactly(
                        "cannot delete Pods that declare no controller (use --force to override): ns/bare-1, ns/bare-2",
                        "cannot delete Pods with local storage (use --delete-emptydir-data to override): ns/cache");
        assertThat(refused.warnings()).isEqualTo("ignoring DaemonSet-managed Pods: ns/agent-a, ns/kube-proxy-x");

        DrainPlanner.Plan allowed = DrainPlanner.plan(pods, BOTH);
        assertThat(allowed.errors()).isEmpty();
        assertThat(allowed.warnings())
                .isEqualTo("ignoring DaemonSet-managed Pods: ns/agent-a, ns/kube-proxy-x; "
                        + "deleting Pods that declare no controller: ns/bare-1, ns/bare-2");
        assertThat(allowed.toEvict())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("bare-1", "cache", "bare-2", "web");
    }
}
