package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.deleting;
import static dev.daemonset.operator.testing.Fixtures.node;
import static dev.daemonset.operator.testing.Fixtures.phase;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static dev.daemonset.operator.testing.Fixtures.taint;
import static dev.daemonset.operator.testing.Fixtures.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.plan.NodeReport.Verdict;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExplainPlannerTest {
    private static final String NEW = "newhash";
    private static final String OLD = "oldhash";
    private static final Instant NOW = T0.plusSeconds(3600);
    private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    private static final String IMAGE_PULL_MESSAGE =
            "rpc error: code = NotFound desc = failed to pull and unpack image \"registry.example/agent:9.9\": not found";

    /**
     * One node, one DaemonSet, the DaemonSet's pods on that node: what explain says about the node.
     *
     * @param problem the problem of the pod the controller keeps, null when it is Running and Ready or absent
     */
    record Row(
            String name,
            Consumer<DaemonSet> spec,
            Node node,
            Function<DaemonSet, List<Pod>> pods,
            Verdict verdict,
            List<String> reasons,
            List<String> notes,
            String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row(
                        "nodeSelector label differs",
                        ds -> template(ds).setNodeSelector(Map.of("disk", "ssd")),
                        node("n1", Map.of("disk", "hdd")),
                        ds -> List.of(),
                        Verdict.EXCLUDED,
                        List.of("nodeSelector disk=ssd does not match (node has disk=hdd)"),
                        List.of(),
                        null),
                new Row(
                        "nodeSelector label missing",
                        ds -> template(ds).setNodeSelector(Map.of("disk", "ssd")),
                        node("n1"),
                        ds -> List.of(),
                        Verdict.EXCLUDED,
                        List.of("nodeSelector disk=ssd does not match (node has no label disk)"),
                        List.of(),
                        null),
                new Row(
                        "nodeSelector mismatch with a pod still there: the pod goes",
                        ds -> template(ds).setNodeSelector(Map.of("disk", "ssd")),
                        node("n1"),
                        ds -> List.of(readyPod(ds, NEW)),
                        Verdict.EXCLUDED,
                        List.of("nodeSelector disk=ssd does not match (node has no label disk)"),
                        List.of("its pod is deleted"),
                        null),
                new Row(
                        "required node affinity: the failing term is named",
                        ExplainPlannerTest::requireZoneA,
                        node("n1", Map.of("zone", "b")),
                        ds -> List.of(),
                        Verdict.EXCLUDED,
                        List.of("required node affinity: no term matches (term 1: zone In [a] but node has b)"),
                        List.of(),
                        null),
                new Row(
                        "untolerated NoSchedule taint: no new pod",
                        ds -> {},
                        node("n1", Map.of(), taint("dedicated", "NoSchedule")),
                        ds -> List.of(),
                        Verdict.KEEP_EXISTING,
                        List.of("taint dedicated:NoSchedule is not tolerated"),
                        List.of(),
                        null),
                new Row(
                        "untolerated NoSchedule taint: a running pod stays",
                        ds -> {},
                        node("n1", Map.of(), taint("dedicated", "NoSchedule")),
                        ds -> List.of(readyPod(ds, NEW)),
                        Verdict.KEEP_EXISTING,
                        List.of("taint dedicated:NoSchedule is not tolerated"),
                        List.of("the existing pod is kept"),
                        null),
                new Row(
                        "untolerated NoExecute taint: the running pod is evicted",
                        ds -> {},
                        node("n1", Map.of(), taint("dedicated", "NoExecute")),
                        ds -> List.of(readyPod(ds, NEW)),
                        Verdict.EXCLUDED,
                        List.of("taint dedicated:NoExecute is not tolerated: running pods are evicted"),
                        List.of("its pod is deleted"),
                        null),
                new Row(
                        "control-plane taint",
                        ds -> {},
                        node("cp", Map.of(CONTROL_PLANE, ""), taint(CONTROL_PLANE, "NoSchedule")),
                        ds -> List.of(),
                        Verdict.KEEP_EXISTING,
                        List.of("taint " + CONTROL_PLANE + ":NoSchedule is not tolerated"),
                        List.of(),
                        null),
                new Row(
                        "control-plane taint tolerated",
                        ExplainPlannerTest::tolerateControlPlane,
                        node("cp", Map.of(CONTROL_PLANE, ""), taint(CONTROL_PLANE, "NoSchedule")),
                        ds -> List.of(),
                        Verdict.RUN,
                        List.of(),
                        List.of("no pod yet: create pending"),
                        null),
                new Row(
                        "eligible with a ready pod on the update revision: nothing to say",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(readyPod(ds, NEW)),
                        Verdict.RUN,
                        List.of(),
                        List.of(),
                        null),
                new Row(
                        "eligible without a pod: create pending",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(),
                        Verdict.RUN,
                        List.of(),
                        List.of("no pod yet: create pending"),
                        null),
                new Row(
                        "eligible with a pod failing to pull its image",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(waiting(daemonPod(ds, "n1", NEW, 1), "ErrImagePull", IMAGE_PULL_MESSAGE)),
                        Verdict.RUN,
                        List.of(),
                        List.of(),
                        "container agent waiting: ErrImagePull: " + IMAGE_PULL_MESSAGE),
                new Row(
                        "eligible with a crash-looping pod: the last exit is shown",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(crashLooping(daemonPod(ds, "n1", NEW, 1))),
                        Verdict.RUN,
                        List.of(),
                        List.of(),
                        "container agent waiting: CrashLoopBackOff: back-off 40s; last exit: Error (exit code 3), restarted 4 times"),
                new Row(
                        "eligible with a pod the scheduler cannot place",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(unschedulable(daemonPod(ds, "n1", NEW, 1))),
                        Verdict.RUN,
                        List.of(),
                        List.of(),
                        "not scheduled: Unschedulable: 0/3 nodes are available: 1 Insufficient cpu."),
                new Row(
                        "eligible with a pod not yet bound",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(unscheduled(daemonPod(ds, "n1", NEW, 1))),
                        Verdict.RUN,
                        List.of(),
                        List.of(),
                        "not scheduled yet"),
                new Row(
                        "pod on an old revision under RollingUpdate",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(readyPod(ds, OLD)),
                        Verdict.RUN,
                        List.of(),
                        List.of("on old revision oldhash (update revision newhash): the rolling update replaces it"),
                        null),
                new Row(
                        "pod on an old revision under OnDelete",
                        ExplainPlannerTest::onDelete,
                        node("n1"),
                        ds -> List.of(readyPod(ds, OLD)),
                        Verdict.RUN,
                        List.of(),
                        List.of(
                                "on old revision oldhash (update revision newhash): OnDelete strategy, delete the pod to update it"),
                        null),
                new Row(
                        "failed pod",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(failed(daemonPod(ds, "n1", NEW, 1))),
                        Verdict.RUN,
                        List.of(),
                        List.of(
                                "the pod has exited; the controller deletes it and creates a new one (with per-node backoff)"),
                        "pod failed: Evicted: The node was low on resource: memory."),
                new Row(
                        "pod being deleted",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(deleting(readyPod(ds, NEW))),
                        Verdict.RUN,
                        List.of(),
                        List.of("pod is being deleted; its replacement is created once it is gone"),
                        "being deleted"),
                new Row(
                        "duplicate pods: the oldest is kept",
                        ds -> {},
                        node("n1"),
                        ds -> List.of(ready(daemonPod(ds, "n1", NEW, 20), T0), ready(daemonPod(ds, "n1", NEW, 10), T0)),
                        Verdict.RUN,
                        List.of(),
                        List.of("2 pods: the controller keeps agent-n1-10 and deletes the others"),
                        null),
                new Row(
                        "surge update: old and new pod side by side",
                        ExplainPlannerTest::surge,
                        node("n1"),
                        ds -> List.of(ready(daemonPod(ds, "n1", OLD, 10), T0), daemonPod(ds, "n1", NEW, 20)),
                        Verdict.RUN,
                        List.of(),
                        List.of(
                                "on old revision oldhash (update revision newhash): the rolling update replaces it",
                                "2 pods during a surge update: the old one goes once the new one is available"),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void explainsTheNode(Row row) {
        DaemonSet ds = daemonSet("agent");
        row.spec().accept(ds);
        List<Pod> pods = row.pods().apply(ds);

        DaemonSetReport report = explain(ds, List.of(row.node()), pods);

        assertThat(report.nodes()).hasSize(1);
        NodeReport node = report.nodes().get(0);
        assertThat(node.node()).isEqualTo(row.node().getMetadata().getName());
        assertThat(node.verdict()).isEqualTo(row.verdict());
        assertThat(node.reasons()).containsExactlyElementsOf(row.reasons());
        assertThat(node.notes()).containsExactlyElementsOf(row.notes());
        assertThat(node.pods())
                .extracting(PodReport::name)
                .containsExactlyInAnyOrderElementsOf(
                        pods.stream().map(p -> p.getMetadata().getName()).toList());
        if (!node.pods().isEmpty()) {
            assertThat(node.pods().get(0).problem()).isEqualTo(row.problem());
        }
    }

    @Test
    void reportsEachPodsRevisionAndReadiness() {
        DaemonSet ds = daemonSet("agent");
        Pod current = readyPod(ds, NEW);
        Pod old = ready(daemonPod(ds, "n2", OLD, 1), T0);
        Pod pending = daemonPod(ds, "n3", NEW, 1);

        DaemonSetReport report =
                explain(ds, List.of(node("n1"), node("n2"), node("n3")), List.of(current, old, pending));

        assertThat(report.nodes())
                .extracting(n -> n.pods().get(0))
                .containsExactly(
                        new PodReport(
                                current.getMetadata().getName(), "Running", true, true, NEW, true, true, false, null),
                        new PodReport(
                                old.getMetadata().getName(), "Running", true, true, OLD, false, true, false, null),
                        new PodReport(
                                pending.getMetadata().getName(),
                                "Pending",
                                false,
                                false,
                                NEW,
                                true,
                                true,
                                false,
                                "not ready (phase Pending)"));
        assertThat(report.counts()).isEqualTo(new DaemonSetReport.Counts(3, 3, 2, 2, 2, 0));
        assertThat(report.updateRevision()).isEqualTo(NEW);
        assertThat(report.strategy()).isEqualTo("RollingUpdate");
    }

    @Test
    void anInvalidSpecThatWasNeverValidIsReportedFirstAndNoPodIsChanged() {
        DaemonSet ds = daemonSet("agent");
        template(ds).setRestartPolicy("Never");
        template(ds).setNodeSelector(Map.of("disk", "ssd"));
        Pod misplaced = readyPod(ds, NEW);

        DaemonSetReport report =
                explain(ds, List.of(node("n1"), node("n2", Map.of("disk", "ssd"))), List.of(misplaced));

        assertThat(report.valid()).isFalse();
        assertThat(report.problems())
                .containsExactly(
                        "the spec is invalid, so nothing is rolled out until it is fixed",
                        "it was never valid, so it has no revision to serve and gets no pod");
        assertThat(report.violations())
                .containsExactly(new Violation(
                        "spec.template.spec.restartPolicy",
                        "Unsupported value: \"Never\": supported values: \"Always\""));
        assertThat(report.nodes())
                .extracting(NodeReport::node, NodeReport::verdict, NodeReport::notes)
                .containsExactly(
                        tuple("n1", Verdict.EXCLUDED, List.of("its pod is left alone while the spec is invalid")),
                        tuple("n2", Verdict.RUN, List.of("no pod, and none is created while the spec is invalid")));
    }

    @Test
    void anInvalidSpecIsJudgedByTheLastValidRevisionTheControllerServes() {
        DaemonSet ds = daemonSet("agent");
        PodTemplateSpec lastValid = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(
                        ds.getSpec().getTemplate())
                .build();
        template(ds).setRestartPolicy("Never");
        template(ds).setNodeSelector(Map.of("disk", "ssd"));
        Pod running = readyPod(ds, OLD);

        DaemonSetReport report = ExplainPlanner.explain(new ExplainPlanner.Input(
                ds,
                NEW,
                List.of(node("n1"), node("n2")),
                List.of(running),
                NOW,
                new ExplainPlanner.Served(OLD, lastValid),
                List.of()));

        assertThat(report.valid()).isFalse();
        assertThat(report.updateRevision()).as("the revision served").isEqualTo(OLD);
        assertThat(report.problems())
                .hasSize(2)
                .last()
                .asString()
                .startsWith("meanwhile the controller serves the last valid");
        assertThat(report.nodes())
                .extracting(NodeReport::node, NodeReport::verdict, NodeReport::notes)
                .containsExactly(
                        tuple("n1", Verdict.RUN, List.of()),
                        tuple("n2", Verdict.RUN, List.of("no pod yet: create pending")));
        assertThat(report.counts().desired()).isEqualTo(2);
    }

    @Test
    void aSpecThatCannotBeReadIsReportedWithWhatCouldNotBeRead() {
        DaemonSet shell = daemonSet("agent");
        shell.setSpec(null);
        Violation unreadable =
                new Violation("spec.minReadySeconds", "Invalid value: \"string\": must be of type integer");

        DaemonSetReport report = ExplainPlanner.explain(
                new ExplainPlanner.Input(shell, null, List.of(node("n1")), List.of(), NOW, null, List.of(unreadable)));

        assertThat(report.valid()).isFalse();
        assertThat(report.violations()).containsExactly(unreadable);
        assertThat(report.problems()).contains("it was never valid, so it has no revision to serve and gets no pod");
    }

    @Test
    void invalidRollingUpdateParametersStillGiveAReport() {
        DaemonSet ds = daemonSet("agent");
        surge(ds);
        ds.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString("lots%"));

        DaemonSetReport report = explain(ds, List.of(node("n1")), List.of(readyPod(ds, NEW), readyPod(ds, OLD)));

        assertThat(report.valid()).isFalse();
        assertThat(report.violations())
                .extracting(Violation::field)
                .containsExactly("spec.updateStrategy.rollingUpdate.maxSurge");
        assertThat(report.nodes().get(0).verdict()).isEqualTo(Verdict.RUN);
    }

    @Test
    void conditionsFromStatusAreCarriedOver() {
        DaemonSet ds = daemonSet("agent");
        ds.setStatus(new DaemonSetStatus());
        ds.getStatus().setObservedGeneration(1L);
        ds.getStatus()
                .setConditions(new ArrayList<>(List.of(new DaemonSetCondition(
                        "InvalidSpec", "True", "InvalidSpec", "maxSurge: may not be set", T0.toString(), null))));

        DaemonSetReport report = explain(ds, List.of(node("n1")), List.of());

        assertThat(report.conditions())
                .extracting(DaemonSetCondition::getType, DaemonSetCondition::getMessage)
                .containsExactly(tuple("InvalidSpec", "maxSurge: may not be set"));
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void controllerBehindTheSpecIsReported() {
        DaemonSet ds = daemonSet("agent");
        assertThat(explain(ds, List.of(node("n1")), List.of()).problems())
                .containsExactly(
                        "the controller has not synced this DaemonSet yet (no status.observedGeneration): is the operator running?");

        ds.getMetadata().setGeneration(3L);
        ds.setStatus(new DaemonSetStatus());
        ds.getStatus().setObservedGeneration(2L);
        assertThat(explain(ds, List.of(node("n1")), List.of()).problems())
                .containsExactly(
                        "the status is from generation 2 but the spec is generation 3: the controller has not acted on the latest "
                                + "spec yet (is the operator running?)");
    }

    @Test
    void deletingDaemonSetCreatesNothing() {
        DaemonSet ds = daemonSet("agent");
        ds.getMetadata().setDeletionTimestamp(T0.toString());

        DaemonSetReport report = explain(ds, List.of(node("n1")), List.of());

        assertThat(report.problems())
                .containsExactly("the DaemonSet is being deleted, so the controller creates and deletes no pod for it");
        assertThat(report.nodes().get(0).notes())
                .containsExactly("no pod, and none is created while the DaemonSet is being deleted");
    }

    @Test
    void podsMeantForAMissingNodeGetTheirOwnRowAfterTheNodes() {
        DaemonSet ds = daemonSet("agent");
        Pod bound = ready(daemonPod(ds, "gone-1", NEW, 1), T0);
        Pod pinned = unscheduled(daemonPod(ds, "gone-2", NEW, 1));

        DaemonSetReport report = explain(ds, List.of(node("b"), node("a")), List.of(pinned, bound));

        assertThat(report.nodes()).extracting(NodeReport::node).containsExactly("a", "b", "gone-1", "gone-2");
        assertThat(report.nodes().get(2).verdict()).isEqualTo(Verdict.NO_SUCH_NODE);
        assertThat(report.nodes().get(2).notes())
                .containsExactly("pod " + bound.getMetadata().getName() + " is left to the pod garbage collector");
        assertThat(report.nodes().get(3).notes())
                .containsExactly("pod " + pinned.getMetadata().getName() + " is deleted");
    }

    @Test
    void podWhoseLabelsNoLongerMatchIsNotTheDaemonSetsPod() {
        DaemonSet ds = daemonSet("agent");
        Pod relabelled = readyPod(ds, NEW);
        relabelled.getMetadata().getLabels().put("app", "debugging");

        DaemonSetReport report = explain(ds, List.of(node("n1")), List.of(relabelled));

        assertThat(report.nodes().get(0).pods()).isEmpty();
        assertThat(report.nodes().get(0).notes()).containsExactly("no pod yet: create pending");
    }

    @Test
    void forNodeKeepsOnlyThatRow() {
        DaemonSet ds = daemonSet("agent");
        DaemonSetReport report = explain(ds, List.of(node("n1"), node("n2")), List.of());
        assertThat(report.forNode("n2").nodes()).extracting(NodeReport::node).containsExactly("n2");
        assertThat(report.forNode("n2").counts()).isEqualTo(report.counts());
    }

    @Test
    void doesNotModifyItsInputs() {
        DaemonSet ds = daemonSet("agent");
        template(ds).setNodeSelector(Map.of("disk", "ssd"));
        Node node = node("n1", Map.of(), taint("dedicated", "NoExecute"));
        Pod pod = readyPod(ds, OLD);
        String before = Fixtures.json(List.of(ds, node, pod));

        explain(ds, List.of(node), List.of(pod));

        assertThat(Fixtures.json(List.of(ds, node, pod))).isEqualTo(before);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static DaemonSetReport explain(DaemonSet ds, List<Node> nodes, List<Pod> pods) {
        return ExplainPlanner.explain(new ExplainPlanner.Input(ds, NEW, nodes, pods, NOW));
    }

    private static PodSpec template(DaemonSet ds) {
        return ds.getSpec().getTemplate().getSpec();
    }

    private static Pod readyPod(DaemonSet ds, String hash) {
        return ready(daemonPod(ds, "n1", hash, 1), T0);
    }

    private static void requireZoneA(DaemonSet ds) {
        ds.getSpec()
                .getTemplate()
                .setSpec(new PodSpecBuilder(template(ds))
                        .withNewAffinity()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .withMatchExpressions(new NodeSelectorRequirement("zone", "In", List.of("a")))
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .endAffinity()
                        .build());
    }

    private static void tolerateControlPlane(DaemonSet ds) {
        template(ds)
                .setTolerations(
                        new ArrayList<>(List.of(Fixtures.toleration(CONTROL_PLANE, "Exists", null, "NoSchedule"))));
    }

    private static void onDelete(DaemonSet ds) {
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(UpdateStrategyType.OnDelete);
        ds.getSpec().setUpdateStrategy(strategy);
    }

    private static void surge(DaemonSet ds) {
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(UpdateStrategyType.RollingUpdate);
        RollingUpdateDaemonSet ru = new RollingUpdateDaemonSet();
        ru.setMaxUnavailable(new IntOrString(0));
        ru.setMaxSurge(new IntOrString(1));
        strategy.setRollingUpdate(ru);
        ds.getSpec().setUpdateStrategy(strategy);
    }

    private static Pod waiting(Pod pod, String reason, String message) {
        pod.getStatus()
                .setContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName("agent")
                        .withReady(false)
                        .withRestartCount(0)
                        .withState(new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason(reason)
                                .withMessage(message)
                                .endWaiting()
                                .build())
                        .build()));
        return pod;
    }

    private static Pod crashLooping(Pod pod) {
        pod.getStatus().setPhase("Running");
        ContainerStatus cs = new ContainerStatusBuilder()
                .withName("agent")
                .withReady(false)
                .withRestartCount(4)
                .withState(new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .withMessage("back-off 40s")
                        .endWaiting()
                        .build())
                .withLastState(new ContainerStateBuilder()
                        .withNewTerminated()
                        .withReason("Error")
                        .withExitCode(3)
                        .endTerminated()
                        .build())
                .build();
        pod.getStatus().setContainerStatuses(List.of(cs));
        return pod;
    }

    private static Pod unschedulable(Pod pod) {
        unscheduled(pod);
        PodCondition c = new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 1 Insufficient cpu.")
                .build();
        pod.getStatus().setConditions(new ArrayList<>(List.of(c)));
        return pod;
    }

    private static Pod failed(Pod pod) {
        phase(pod, "Failed");
        pod.getStatus().setReason("Evicted");
        pod.getStatus().setMessage("The node was low on resource: memory. ");
        return pod;
    }
}
