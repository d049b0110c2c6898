package dev.daemonset.operator.plan;

import static dev.daemonset.operator.plan.Fixtures.specWithTolerations;
import static dev.daemonset.operator.plan.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonTolerationsTest {
    private static final Toleration NOT_READY = toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute");
    private static final Toleration UNREACHABLE =
            toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute");
    private static final Toleration DISK = toleration("node.kubernetes.io/disk-pressure", "Exists", null, "NoSchedule");
    private static final Toleration MEMORY =
            toleration("node.kubernetes.io/memory-pressure", "Exists", null, "NoSchedule");
    private static final Toleration PID = toleration("node.kubernetes.io/pid-pressure", "Exists", null, "NoSchedule");
    private static final Toleration UNSCHEDULABLE =
            toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule");
    private static final Toleration NETWORK =
            toleration("node.kubernetes.io/network-unavailable", "Exists", null, "NoSchedule");
    private static final List<Toleration> DEFAULTS = List.of(NOT_READY, UNREACHABLE, DISK, MEMORY, PID, UNSCHEDULABLE);

    @Test
    void plainTemplateGetsTheSixDefaultsInUpstreamOrder() {
        assertThat(DaemonTolerations.withDefaults(Fixtures.spec())).containsExactlyElementsOf(DEFAULTS);
    }

    @Test
    void hostNetworkAddsNetworkUnavailable() {
        PodSpec spec = new PodSpecBuilder(Fixtures.spec()).withHostNetwork(true).build();
        assertThat(DaemonTolerations.withDefaults(spec)).containsExactlyElementsOf(concat(DEFAULTS, List.of(NETWORK)));

        PodSpec explicitFalse =
                new PodSpecBuilder(Fixtures.spec()).withHostNetwork(false).build();
        assertThat(DaemonTolerations.withDefaults(explicitFalse)).doesNotContain(NETWORK);
    }

    static Stream<Arguments> templates() {
        Toleration dedicated = toleration("dedicated", "Equal", "user1", "NoSchedule");
        Toleration notReadyWithSeconds = toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L);
        Toleration notReadyEqual = toleration("node.kubernetes.io/not-ready", "Equal", null, "NoExecute");
        Toleration notReadyNoSchedule = toleration("node.kubernetes.io/not-ready", "Exists", null, "NoSchedule");
        Toleration everything = toleration(null, "Exists", null, null);
        return Stream.of(
                argumentSet(
                        "template tolerations come first, defaults after",
                        List.of(dedicated),
                        concat(List.of(dedicated), DEFAULTS)),
                argumentSet(
                        "an equal default is not duplicated and keeps its place",
                        List.of(dedicated, PID),
                        List.of(dedicated, PID, NOT_READY, UNREACHABLE, DISK, MEMORY, UNSCHEDULABLE)),
                argumentSet(
                        "same key/effect/operator/value with tolerationSeconds is replaced by the default",
                        List.of(notReadyWithSeconds, dedicated),
                        concat(List.of(NOT_READY, dedicated), DEFAULTS.subList(1, 6))),
                argumentSet(
                        "same key and effect but operator Equal is kept, the default is added",
                        List.of(notReadyEqual),
                        concat(List.of(notReadyEqual), DEFAULTS)),
                argumentSet(
                        "same key but another effect is kept, the default is added",
                        List.of(notReadyNoSchedule),
                        concat(List.of(notReadyNoSchedule), DEFAULTS)),
                argumentSet(
                        "a blanket toleration does not stop the defaults being added",
                        List.of(everything),
                        concat(List.of(everything), DEFAULTS)));
    }

    @ParameterizedTest
    @MethodSource("templates")
    void addOrUpdateSemantics(List<Toleration> template, List<Toleration> expected) {
        assertThat(DaemonTolerations.withDefaults(specWithTolerations(template.toArray(new Toleration[0]))))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void hostNetworkTemplateThatAlreadyToleratesNetworkUnavailableGetsItOnce() {
        PodSpec spec = new PodSpecBuilder(specWithTolerations(NETWORK))
                .withHostNetwork(true)
                .build();
        assertThat(DaemonTolerations.withDefaults(spec)).containsExactlyElementsOf(concat(List.of(NETWORK), DEFAULTS));
    }

    @Test
    void neverMutatesTheTemplateAndReturnsCopiesTheCallerOwns() {
        Toleration withSeconds = toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L);
        PodSpec spec = new PodSpecBuilder(specWithTolerations(withSeconds))
                .withHostNetwork(true)
                .build();
        String before = Fixtures.json(spec);

        List<Toleration> result = DaemonTolerations.withDefaults(spec);

        assertThat(Fixtures.json(spec)).isEqualTo(before);
        assertThat(spec.getTolerations()).hasSize(1);
        assertThat(spec.getTolerations().get(0).getTolerationSeconds()).isEqualTo(300L);
        result.get(0).setKey("changed");
        result.add(toleration("x", "Exists", null, null));
        assertThat(Fixtures.json(spec)).isEqualTo(before);
        assertThat(result).allSatisfy(t -> assertThat(spec.getTolerations()).noneMatch(s -> s == t));
    }

    private static List<Toleration> concat(List<Toleration> a, List<Toleration> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
