package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.EligibilityRules;
import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodProblems;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the caches drop of a pod or node changes no answer the operator reads from it. */
class TrimmedPodsTest {
    private static final DaemonSet DS = Fixtures.daemonSet("agent");
    private static final Instant NOW = Fixtures.T0.plusSeconds(600);

    /** A pod as a real API server sends it: managedFields, annotations, probes' worth of spec, IPs. */
    private static PodBuilder realistic(Pod pod) {
        return new PodBuilder(pod)
                .editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/default-container", "agent")
                .addToLabels("app.kubernetes.io/version", "1.2.3")
                .withResourceVersion("81723")
                .addToFinalizers("example.com/keep")
                .addToManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("kubelet")
                        .withOperation("Update")
                        .withSubresource("status")
                        .withTime("2026-01-01T00:00:05Z")
                        .build())
                .endMetadata()
                .editSpec()
                .withServiceAccountName("agent")
                .addNewVolume()
                .withName("varlog")
                .withNewHostPath()
                .withPath("/var/log")
                .endHostPath()
                .endVolume()
                .endSpec()
                .editOrNewStatus()
                .withHostIP("10.0.0.7")
                .addNewPodIP("10.244.1.7")
                .withQosClass("Burstable")
                .endStatus();
    }

    private static Pod daemonPod(int age) {
        return realistic(Fixtures.daemonPod(DS, "node-1", "h1", age)).build();
    }

    private static Pod ready(Pod pod, Instant since) {
        return Fixtures.ready(pod, since);
    }

    static Stream<Pod> pods() {
        Pod readyLongAgo = ready(daemonPod(1), Fixtures.T0.plusSeconds(5));
        Pod readyJustNow = ready(daemonPod(2), NOW.minusSeconds(3));
        Pod crashLooping = new PodBuilder(daemonPod(3))
                .editStatus()
                .withPhase("Running")
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason("ContainersNotReady")
                        .withMessage("containers with unready status: [agent]")
                        .withLastTransitionTime("2026-01-01T00:01:00Z")
                        .build())
                .addToConditions(new PodConditionBuilder()
                        .withType("ContainersReady")
                        .withStatus("False")
                        .build())
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("agent")
                        .withReady(false)
                        .withRestartCount(7)
                        .withImage("registry.example/agent:1.0")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .withMessage("back-off 5m0s restarting failed container")
                        .endWaiting()
                        .endState()
                        .withNewLastState()
                        .withNewTerminated()
                        .withReason("Error")
                        .withExitCode(137)
                        .endTerminated()
                        .endLastState()
                        .build())
                .addToInitContainerStatuses(new ContainerStatusBuilder()
                        .withName("init")
                        .withReady(true)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();
        Pod unschedulable = new PodBuilder(Fixtures.unscheduled(daemonPod(4)))
                .editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 1 Insufficient cpu.")
                        .build())
                .endStatus()
                .build();
        Pod failed = new PodBuilder(Fixtures.phase(daemonPod(5), "Failed"))
                .editStatus()
                .withReason("Evicted")
                .withMessage("The node was low on resource: memory.")
                .endStatus()
                .build();
        Pod deleting = Fixtures.deleting(daemonPod(6));
        Pod orphan = new PodBuilder(daemonPod(7))
                .editMetadata()
                .withOwnerReferences(List.of())
                .endMetadata()
                .build();
        Pod appPod = new PodBuilder(daemonPod(8))
                .editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("ReplicaSet")
                        .withName("web-7d4b9c")
                        .withUid("6b1f0a4e-0000-4000-8000-000000000001")
                        .withController(true)
                        .build())
                .endMetadata()
                .build();
        return Stream.of(readyLongAgo, readyJustNow, crashLooping, unschedulable, failed, deleting, orphan, appPod);
    }

    @ParameterizedTest
    @MethodSource("pods")
    void everyAnswerAboutATrimmedPodIsTheWholePodsAnswer(Pod full) {
        Pod trimmed = TrimmedPods.trim(full);
        List<Function<Pod, Object>> ofEveryPod = List.of(
                p -> uidOf(Owners.controllerOf(p)),
                p -> uidOf(Owners.daemonSetControllerOf(p)),
                p -> p.getMetadata().getName(),
                p -> p.getMetadata().getNamespace(),
                p -> p.getMetadata().getUid(),
                p -> p.getMetadata().getResourceVersion());
        List<Function<Pod, Object>> ofOursAndOrphans = List.of(
                PodTargets::targetNode,
                PodConditions::isScheduled,
                PodConditions::isReady,
                p -> PodConditions.isAvailable(p, 30, NOW),
                PodConditions::isTerminal,
                PodConditions::isBeingDeleted,
                PodProblems::describe,
                p -> PodProblems.describe(p, 30, NOW),
                p -> p.getMetadata().getLabels(),
                p -> p.getMetadata().getCreationTimestamp());
        boolean oursOrOrphan = Owners.daemonSetControllerOf(full) != null || Owners.controllerOf(full) == null;
        for (Function<Pod, Object> question : oursOrOrphan ? concat(ofEveryPod, ofOursAndOrphans) : ofEveryPod) {
            assertThat(question.apply(trimmed)).isEqualTo(question.apply(full));
        }
        CacheIndexes.ofPods()
                .forEach((index, values) ->
                        assertThat(values.apply(trimmed)).as(index).isEqualTo(values.apply(full)));
        if (oursOrOrphan) {
            assertThat(trimmed.getMetadata().getLabels())
                    .isEqualTo(full.getMetadata().getLabels());
            assertThat(PodConditions.SCHEDULED_THEN_OLDEST.compare(trimmed, full))
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("pods")
    void aTrimmedPodKeepsNoManagedFieldsSpecOrAnnotations(Pod full) {
        Pod trimmed = TrimmedPods.trim(full);
        assertThat(trimmed.getMetadata().getManagedFields()).isEmpty();
        assertThat(trimmed.getMetadata().getAnnotations()).isEmpty();
        assertThat(trimmed.getMetadata().getFinalizers()).isEmpty();
        if (trimmed.getSpec() != null) {
            assertThat(trimmed.getSpec().getContainers()).isEmpty();
            assertThat(trimmed.getSpec().getVolumes()).isEmpty();
            assertThat(trimmed.getSpec().getTolerations()).isEmpty();
        }
        if (trimmed.getStatus() != null) {
            assertThat(trimmed.getStatus().getPodIPs()).isEmpty();
            assertThat(trimmed.getStatus().getHostIP()).isNull();
        }
    }

    @Test
    void aPodAnotherControllerOwnsKeepsOnlyWhoItIsAndWhoOwnsIt() {
        Pod appPod = pods().filter(p -> "ReplicaSet".equals(kindOfController(p)))
                .findFirst()
                .orElseThrow();

        Pod trimmed = TrimmedPods.trim(appPod);

        assertThat(trimmed.getSpec()).isNull();
        assertThat(trimmed.getStatus()).isNull();
        assertThat(trimmed.getMetadata().getLabels()).isEmpty();
        assertThat(trimmed.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("web-7d4b9c"));
    }

    @Test
    void aReadyPodKeepsNoContainerStatesAndAnUnreadyOneKeepsWhatExplainsIt() {
        Pod readyPod = ready(
                new PodBuilder(daemonPod(1))
                        .editStatus()
                        .addToContainerStatuses(new ContainerStatusBuilder()
                                .withName("agent")
                                .withReady(true)
                                .withNewState()
                                .withNewRunning("2026-01-01T00:00:04Z")
                                .endState()
                                .build())
                        .endStatus()
                        .build(),
                Fixtures.T0);
        Pod crashLooping = pods().filter(p -> PodProblems.describe(p) != null
                        && PodProblems.describe(p).contains("CrashLoopBackOff"))
                .findFirst()
                .orElseThrow();

        assertThat(TrimmedPods.trim(readyPod).getStatus().getContainerStatuses())
                .isEmpty();
        assertThat(PodProblems.describe(TrimmedPods.trim(crashLooping)))
                .isEqualTo("container agent waiting: CrashLoopBackOff: back-off 5m0s restarting failed container;"
                        + " last exit: Error (exit code 137), restarted 7 times");
    }

    @Test
    void aCachedPodCannotBeChangedInPlace() {
        Pod trimmed = TrimmedPods.trim(daemonPod(1));

        assertThatThrownBy(() -> trimmed.getMetadata().getLabels().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> trimmed.getMetadata().getOwnerReferences().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTrimmedNodeGetsTheSameEligibilityAndKeepsItsLabelOrder() {
        Node full = new NodeBuilder(Fixtures.node(
                        "gpu-1",
                        Map.of("kubernetes.io/os", "linux", "accelerator", "nvidia"),
                        new TaintBuilder()
                                .withKey("nvidia.com/gpu")
                                .withValue("present")
                                .withEffect("NoSchedule")
                                .build()))
                .editMetadata()
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .endMetadata()
                .withNewStatus()
                .addNewImage()
                .withNames("registry.example/big:1")
                .withSizeBytes(1_000_000L)
                .endImage()
                .endStatus()
                .build();
        var tolerating = Fixtures.template(Map.of("app", "agent"), "registry.example/agent:1.0")
                .getSpec();
        tolerating.setTolerations(List.of(new TolerationBuilder()
                .withKey("nvidia.com/gpu")
                .withOperator("Exists")
                .build()));
        var plain = Fixtures.template(Map.of("app", "agent"), "registry.example/agent:1.0")
                .getSpec();

        Node trimmed = TrimmedNodes.trim(full);

        for (var spec : List.of(tolerating, plain)) {
            EligibilityRules rules = EligibilityRules.of(spec);
            assertThat(rules.evaluate(trimmed)).isEqualTo(rules.evaluate(full));
        }
        assertThat(NodeEventHandler.schedulingInputsChanged(full, trimmed)).isFalse();
        assertThat(trimmed.getMetadata().getLabels().keySet())
                .containsExactlyElementsOf(full.getMetadata().getLabels().keySet());
        assertThat(trimmed.getStatus()).isNull();
        assertThat(trimmed.getMetadata().getAnnotations()).isEmpty();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String uidOf(io.fabric8.kubernetes.api.model.OwnerReference ref) {
        return ref == null ? null : ref.getUid();
    }

    private static String kindOfController(Pod pod) {
        var ref = Owners.controllerOf(pod);
        return ref == null ? null : ref.getKind();
    }
}
