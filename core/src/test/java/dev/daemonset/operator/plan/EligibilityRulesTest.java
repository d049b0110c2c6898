package dev.daemonset.operator.plan;

import static dev.daemonset.operator.plan.Fixtures.expressions;
import static dev.daemonset.operator.plan.Fixtures.labels;
import static dev.daemonset.operator.plan.Fixtures.node;
import static dev.daemonset.operator.plan.Fixtures.req;
import static dev.daemonset.operator.plan.Fixtures.required;
import static dev.daemonset.operator.plan.Fixtures.taint;
import static dev.daemonset.operator.plan.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EligibilityRulesTest {
    // upstream daemon_controller_test.go fixtures
    private static final Map<String, String> SIMPLE_DAEMONSET_LABEL =
            labels("name", "simple-daemon", "type", "production");
    private static final Map<String, String> SIMPLE_DAEMONSET_LABEL2 = labels("name", "simple-daemon", "type", "test");
    private static final Map<String, String> SIMPLE_NODE_LABEL = labels("color", "blue", "speed", "fast");
    private static final Toleration NO_SCHEDULE_TOLERATION = toleration("dedicated", null, "user1", "NoSchedule");
    private static final Taint NO_SCHEDULE_TAINT = taint("dedicated", "user1", "NoSchedule");
    private static final Taint NO_EXECUTE_TAINT = taint("dedicated", "user1", "NoExecute");

    private static final Eligibility RUN = Eligibility.RUN;

    private static PodSpec spec(UnaryOperator<PodSpecBuilder> edit) {
        return edit.apply(new PodSpecBuilder(Fixtures.spec())).build();
    }

    /** upstream resourcePodSpec(nodeName, memory, cpu) */
    private static PodSpec resourcePodSpec(String nodeName, String memory, String cpu) {
        return spec(b -> b.withNodeName(nodeName.isEmpty() ? null : nodeName)
                .editFirstContainer()
                .withNewResources()
                .addToRequests("memory", new Quantity(memory))
                .addToRequests("cpu", new Quantity(cpu))
                .endResources()
                .endContainer());
    }

    /** upstream newNode("test-node", simpleDaemonSetLabel) with allocatable 100M memory, 1 cpu */
    private static Node upstreamTestNode(boolean unschedulable) {
        return new NodeBuilder(node("test-node", SIMPLE_DAEMONSET_LABEL))
                .editSpec()
                .withUnschedulable(unschedulable)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addToAllocatable("memory", new Quantity("100M"))
                .addToAllocatable("cpu", new Quantity("1"))
                .addToAllocatable("pods", new Quantity("100"))
                .endStatus()
                .build();
    }

    // ---- upstream TestNodeShouldRunDaemonPod ------------------------------------------------------------------

    static Stream<Arguments> upstreamNodeShouldRunDaemonPod() {
        return Stream.of(
                argumentSet("ShouldRunDaemonPod", resourcePodSpec("", "50M", "0.5"), false, true, true),
                argumentSet(
                        "InsufficientResourceError: resources are left to the scheduler",
                        resourcePodSpec("", "200M", "0.5"),
                        false,
                        true,
                        true),
                argumentSet("ErrPodNotMatchHostName", resourcePodSpec("other-node", "50M", "0.5"), false, false, false),
                argumentSet(
                        "ErrPodNotFitsHostPorts: host ports are not checked",
                        spec(b -> b.editFirstContainer()
                                .addNewPort()
                                .withContainerPort(666)
                                .withHostPort(666)
                                .endPort()
                                .endContainer()),
                        false,
                        true,
                        true),
                argumentSet(
                        "InsufficientResourceError with another pod on the node",
                        resourcePodSpec("", "100M", "0.5"),
                        false,
                        true,
                        true),
                argumentSet(
                        "ErrNodeSelectorNotMatch",
                        spec(b -> b.withNodeSelector(SIMPLE_DAEMONSET_LABEL2)),
                        false,
                        false,
                        false),
                argumentSet(
                        "ShouldRunDaemonPod with matching nodeSelector",
                        spec(b -> b.withNodeSelector(SIMPLE_DAEMONSET_LABEL)),
                        false,
                        true,
                        true),
                argumentSet(
                        "ErrPodAffinityNotMatch",
                        Fixtures.specWithAffinity(required(expressions(req("type", "In", "test")))),
                        false,
                        false,
                        false),
                argumentSet(
                        "ShouldRunDaemonPod with matching node affinity",
                        Fixtures.specWithAffinity(required(expressions(req("type", "In", "production")))),
                        false,
                        true,
                        true),
                argumentSet(
                        "ShouldRunDaemonPodOnUnschedulableNode", resourcePodSpec("", "50M", "0.5"), true, true, true));
    }

    @ParameterizedTest
    @MethodSource("upstreamNodeShouldRunDaemonPod")
    void upstreamScenario(
            PodSpec template, boolean nodeUnschedulable, boolean shouldRun, boolean shouldContinueRunning) {
        Eligibility verdict = EligibilityRules.of(template).evaluate(upstreamTestNode(nodeUnschedulable));
        assertThat(verdict.shouldRun()).isEqualTo(shouldRun);
        assertThat(verdict.shouldContinueRunning()).isEqualTo(shouldContinueRunning);
        assertThat(verdict.reasons().isEmpty()).isEqualTo(shouldRun);
    }

    // ---- which nodes get pods (upstream controller tests, as node sets) ---------------------------------------

    /** node-0..3 without labels, node-4..6 with simpleNodeLabel, as upstream's addNodes calls. */
    private static List<Node> sevenNodes() {
        return IntStream.range(0, 7)
                .mapToObj(i -> node("node-" + i, i < 4 ? Map.of() : SIMPLE_NODE_LABEL))
                .toList();
    }

    private static List<String> nodesThatRun(PodSpec template, List<Node> nodes) {
        EligibilityRules rules = EligibilityRules.of(template);
        return nodes.stream()
                .filter(n -> rules.evaluate(n).shouldRun())
                .map(n -> n.getMetadata().getName())
                .toList();
    }

    static Stream<Arguments> placements() {
        return Stream.of(
                argumentSet(
                        "TestSelectorDaemonLaunchesPods",
                        spec(b -> b.withNodeSelector(SIMPLE_NODE_LABEL)),
                        List.of("node-4", "node-5", "node-6")),
                argumentSet(
                        "TestBadSelectorDaemonDoesNothing",
                        spec(b -> b.withNodeSelector(labels("color", "red", "speed", "fast"))),
                        List.of()),
                argumentSet(
                        "TestNodeAffinityDaemonLaunchesPods",
                        Fixtures.specWithAffinity(required(expressions(req("color", "In", "blue")))),
                        List.of("node-4", "node-5", "node-6")),
                argumentSet("TestNameDaemonSetLaunchesPods", spec(b -> b.withNodeName("node-0")), List.of("node-0")),
                argumentSet("TestBadNameDaemonSetDoesNothing", spec(b -> b.withNodeName("node-10")), List.of()),
                argumentSet(
                        "TestNameAndSelectorDaemonSetLaunchesPods",
                        spec(b -> b.withNodeSelector(SIMPLE_NODE_LABEL).withNodeName("node-6")),
                        List.of("node-6")),
                argumentSet(
                        "TestInconsistentNameSelectorDaemonSetDoesNothing",
                        spec(b -> b.withNodeSelector(SIMPLE_NODE_LABEL).withNodeName("node-0")),
                        List.of()),
                argumentSet(
                        "no constraints: every node",
                        Fixtures.spec(),
                        List.of("node-0", "node-1", "node-2", "node-3", "node-4", "node-5", "node-6")));
    }

    @ParameterizedTest
    @MethodSource("placements")
    void podsGoOnExactlyTheseNodes(PodSpec template, List<String> expected) {
        assertThat(nodesThatRun(template, sevenNodes())).containsExactlyElementsOf(expected);
    }

    // ---- taints -----------------------------------------------------------------------------------------------

    static Stream<Arguments> taints() {
        PodSpec plain = Fixtures.spec();
        PodSpec tolerant = Fixtures.specWithTolerations(NO_SCHEDULE_TOLERATION);
        PodSpec hostNetwork = spec(b -> b.withHostNetwork(true));
        return Stream.of(
                argumentSet(
                        "TestTaintedNodeDaemonDoesNotLaunchIntolerantPod / TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod",
                        plain,
                        List.of(NO_SCHEDULE_TAINT),
                        Eligibility.keepRunningOnly(List.of("taint dedicated=user1:NoSchedule is not tolerated"))),
                argumentSet(
                        "TestNoExecuteTaintedDoesEvicitRunningIntolerantPod",
                        plain,
                        List.of(NO_EXECUTE_TAINT),
                        Eligibility.excluded(
                                List.of("taint dedicated=user1:NoExecute is not tolerated: running pods are evicted"))),
                argumentSet("TestTaintedNodeDaemonLaunchesToleratePod", tolerant, List.of(NO_SCHEDULE_TAINT), RUN),
                argumentSet("TestNodeDaemonLaunchesToleratePod (untainted node)", tolerant, List.of(), RUN),
                argumentSet(
                        "a NoSchedule toleration does not cover the NoExecute taint with the same key",
                        tolerant,
                        List.of(NO_EXECUTE_TAINT),
                        Eligibility.excluded(
                                List.of("taint dedicated=user1:NoExecute is not tolerated: running pods are evicted"))),
                argumentSet(
                        "PreferNoSchedule is ignored",
                        plain,
                        List.of(taint("dedicated", "user1", "PreferNoSchedule")),
                        RUN),
                argumentSet(
                        "control-plane taint",
                        plain,
                        List.of(taint("node-role.kubernetes.io/control-plane", null, "NoSchedule")),
                        Eligibility.keepRunningOnly(
                                List.of("taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated"))),
                argumentSet(
                        "NoSchedule and NoExecute both untolerated: evicted, both explained",
                        plain,
                        List.of(
                                taint("a", null, "NoSchedule"),
                                taint("example.com/x", "y", "NoExecute"),
                                taint("c", null, "PreferNoSchedule")),
                        Eligibility.excluded(List.of(
                                "taint a:NoSchedule is not tolerated",
                                "taint example.com/x=y:NoExecute is not tolerated: running pods are evicted"))),
                argumentSet(
                        "NoExecute tolerated, NoSchedule not: keeps running",
                        Fixtures.specWithTolerations(toleration("x", "Exists", null, "NoExecute")),
                        List.of(taint("x", "1", "NoExecute"), taint("y", "2", "NoSchedule")),
                        Eligibility.keepRunningOnly(List.of("taint y=2:NoSchedule is not tolerated"))),
                argumentSet(
                        "a blanket Exists toleration tolerates every taint",
                        Fixtures.specWithTolerations(toleration(null, "Exists", null, null)),
                        List.of(NO_EXECUTE_TAINT, taint("node-role.kubernetes.io/control-plane", null, "NoSchedule")),
                        RUN),
                argumentSet(
                        "TestNotReadyNodeDaemonLaunchesPod",
                        plain,
                        List.of(taint("node.kubernetes.io/not-ready", null, "NoExecute")),
                        RUN),
                argumentSet(
                        "TestUnreachableNodeDaemonLaunchesPod",
                        plain,
                        List.of(taint("node.kubernetes.io/unreachable", null, "NoExecute")),
                        RUN),
                argumentSet(
                        "TestTaintPressureNodeDaemonLaunchesPod",
                        plain,
                        List.of(
                                taint("node.kubernetes.io/disk-pressure", null, "NoSchedule"),
                                taint("node.kubernetes.io/memory-pressure", null, "NoSchedule"),
                                taint("node.kubernetes.io/pid-pressure", null, "NoSchedule")),
                        RUN),
                argumentSet(
                        "cordoned node (unschedulable taint)",
                        plain,
                        List.of(taint("node.kubernetes.io/unschedulable", null, "NoSchedule")),
                        RUN),
                argumentSet(
                        "not-ready with NoSchedule effect is not a default toleration",
                        plain,
                        List.of(taint("node.kubernetes.io/not-ready", null, "NoSchedule")),
                        Eligibility.keepRunningOnly(
                                List.of("taint node.kubernetes.io/not-ready:NoSchedule is not tolerated"))),
                argumentSet(
                        "network-unavailable without hostNetwork",
                        plain,
                        List.of(taint("node.kubernetes.io/network-unavailable", null, "NoSchedule")),
                        Eligibility.keepRunningOnly(
                                List.of("taint node.kubernetes.io/network-unavailable:NoSchedule is not tolerated"))),
                argumentSet(
                        "network-unavailable with hostNetwork",
                        hostNetwork,
                        List.of(taint("node.kubernetes.io/network-unavailable", null, "NoSchedule")),
                        RUN),
                argumentSet(
                        "a tolerationSeconds on not-ready is replaced by the infinite default",
                        Fixtures.specWithTolerations(
                                toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L)),
                        List.of(taint("node.kubernetes.io/not-ready", null, "NoExecute")),
                        RUN));
    }

    @ParameterizedTest
    @MethodSource("taints")
    void taintVerdict(PodSpec template, List<Taint> taints, Eligibility expected) {
        Node node = node("node-1", taints.toArray(new Taint[0]));
        assertThat(EligibilityRules.of(template).evaluate(node)).isEqualTo(expected);
    }

    // ---- nodeName and reasons ---------------------------------------------------------------------------------

    @Test
    void templateNodeNamePinsThePod() {
        EligibilityRules rules = EligibilityRules.of(spec(b -> b.withNodeName("node-7")));
        assertThat(rules.nodeName()).isEqualTo("node-7");
        assertThat(rules.evaluate(node("node-7"))).isSameAs(RUN);
        assertThat(rules.evaluate(node("node-3")))
                .isEqualTo(Eligibility.excluded(List.of("template nodeName is node-7")));
    }

    @Test
    void everyFailingRuleIsExplained() {
        PodSpec template = spec(b -> b.withNodeName("node-7")
                .withNodeSelector(labels("disktype", "ssd"))
                .withNewAffinity()
                .withNewNodeAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(
                        required(expressions(req("topology.kubernetes.io/zone", "In", "zone-a"))))
                .endNodeAffinity()
                .endAffinity());
        Node node = node(
                "node-3",
                labels("disktype", "hdd", "topology.kubernetes.io/zone", "zone-c"),
                taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"));

        Eligibility verdict = EligibilityRules.of(template).evaluate(node);

        assertThat(verdict.shouldRun()).isFalse();
        assertThat(verdict.evictsRunningPods()).isTrue();
        assertThat(verdict.reasons())
                .containsExactly(
                        "template nodeName is node-7",
                        "nodeSelector disktype=ssd does not match (node has disktype=hdd)",
                        "required node affinity: no term matches (term 1: topology.kubernetes.io/zone In [zone-a] but node has zone-c)",
                        "taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated");
    }

    @Test
    void selectorMismatchEvictsEvenWhenTheOnlyTaintIsNoSchedule() {
        EligibilityRules rules = EligibilityRules.of(spec(b -> b.withNodeSelector(labels("gpu", "true"))));
        Eligibility verdict = rules.evaluate(node("node-1", taint("a", null, "NoSchedule")));
        assertThat(verdict.shouldContinueRunning()).isFalse();
        assertThat(verdict.reasons())
                .containsExactly(
                        "nodeSelector gpu=true does not match (node has no label gpu)",
                        "taint a:NoSchedule is not tolerated");
    }

    @Test
    void notCheckedUnschedulableFlagNotReadyConditionAndResources() {
        Node cordonedNotReadyFull = new NodeBuilder(node("node-1"))
                .editSpec()
                .withUnschedulable(true)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("False")
                .endCondition()
                .addToAllocatable("pods", new Quantity("0"))
                .endStatus()
                .build();
        assertThat(EligibilityRules.of(resourcePodSpec("", "1Ti", "512")).evaluate(cordonedNotReadyFull))
                .isSameAs(RUN);
    }

    @Test
    void nodeWithoutMetadataOrSpecIsHandled() {
        Node bare = new Node();
        assertThat(EligibilityRules.of(Fixtures.spec()).evaluate(bare)).isSameAs(RUN);
        assertThat(EligibilityRules.of(spec(b -> b.withNodeSelector(labels("a", "b"))))
                        .evaluate(bare)
                        .shouldRun())
                .isFalse();
    }

    // ---- tolerations(), immutability --------------------------------------------------------------------------

    @Test
    void tolerationsAreWhatThePodCarries() {
        PodSpec template = new PodSpecBuilder(Fixtures.specWithTolerations(NO_SCHEDULE_TOLERATION))
                .withHostNetwork(true)
                .build();
        EligibilityRules rules = EligibilityRules.of(template);
        assertThat(rules.tolerations())
                .isEqualTo(DaemonTolerations.withDefaults(template))
                .hasSize(8);
    }

    @Test
    void tolerationsReturnsAFreshCopyEachTime() {
        EligibilityRules rules = EligibilityRules.of(Fixtures.spec());
        Node notReady = node("node-1", taint("node.kubernetes.io/not-ready", null, "NoExecute"));
        List<Toleration> handedOut = rules.tolerations();
        handedOut.forEach(t -> t.setKey("tampered"));
        handedOut.clear();
        assertThat(rules.evaluate(notReady)).isSameAs(RUN);
        assertThat(rules.tolerations()).hasSize(6).noneMatch(t -> "tampered".equals(t.getKey()));
    }

    @Test
    void inputsAreNotMutated() {
        PodSpec template = new PodSpecBuilder(Fixtures.specWithTolerations(
                        toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L)))
                .withHostNetwork(true)
                .withNodeSelector(labels("zone", "a"))
                .build();
        Node node = node("node-1", labels("zone", "b"), NO_EXECUTE_TAINT, NO_SCHEDULE_TAINT);
        String templateBefore = Fixtures.json(template);
        String nodeBefore = Fixtures.json(node);

        EligibilityRules rules = EligibilityRules.of(template);
        Eligibility verdict = rules.evaluate(node);
        rules.tolerations();

        assertThat(verdict.shouldRun()).isFalse();
        assertThat(Fixtures.json(template)).isEqualTo(templateBefore);
        assertThat(Fixtures.json(node)).isEqualTo(nodeBefore);
        assertThat(template.getTolerations()).hasSize(1);
    }

    @Test
    void laterChangesToTheTemplateDoNotAffectCompiledRules() {
        PodSpec template = spec(b -> b.withNodeSelector(new java.util.HashMap<>(labels("zone", "a"))));
        EligibilityRules rules = EligibilityRules.of(template);
        template.getNodeSelector().put("zone", "b");
        template.setNodeName("elsewhere");
        template.setTolerations(new ArrayList<>(List.of(toleration(null, "Exists", null, null))));

        assertThat(rules.evaluate(node("n", labels("zone", "a")))).isSameAs(RUN);
        assertThat(rules.evaluate(node("n", labels("zone", "a"), NO_SCHEDULE_TAINT))
                        .shouldRun())
                .isFalse();
    }

    @Test
    void oneRulesObjectServesManyNodes() {
        EligibilityRules rules = EligibilityRules.of(spec(b -> b.withNodeSelector(labels("pool", "gpu"))));
        List<Node> nodes = IntStream.range(0, 5_000)
                .mapToObj(i -> node("node-" + i, i % 10 == 0 ? labels("pool", "gpu") : labels("pool", "cpu")))
                .toList();
        long running = nodes.parallelStream()
                .map(rules::evaluate)
                .filter(Eligibility::shouldRun)
                .count();
        assertThat(running).isEqualTo(500);
    }

    // ---- Eligibility ------------------------------------------------------------------------------------------

    @Test
    void eligibilityInvariants() {
        assertThat(RUN.reasons()).isEmpty();
        assertThat(RUN.summary()).isEmpty();
        assertThat(Eligibility.keepRunningOnly(List.of("a", "b")).summary()).isEqualTo("a; b");
        assertThat(Eligibility.keepRunningOnly(List.of("a")).evictsRunningPods())
                .isFalse();
        assertThat(Eligibility.excluded(List.of("a")).evictsRunningPods()).isTrue();
        assertThatThrownBy(() -> new Eligibility(true, false, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Eligibility(true, true, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Eligibility(false, false, List.of())).isInstanceOf(IllegalArgumentException.class);
        List<String> reasons = new ArrayList<>(List.of("r"));
        Eligibility e = Eligibility.excluded(reasons);
        reasons.add("later");
        assertThat(e.reasons()).containsExactly("r");
    }
}
