package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetCondition;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What {@code explain} says about one DaemonSet: problems that concern every node first, then one row per node.
 *
 * @param namespace          the DaemonSet's namespace
 * @param name               the DaemonSet's name
 * @param generation         metadata.generation
 * @param observedGeneration status.observedGeneration: the generation the controller last acted on
 * @param strategy           the effective update strategy (RollingUpdate or OnDelete), null without a spec
 * @param updateRevision     the current template's {@code controller-revision-hash}, null without a template
 * @param valid              the spec passes validation; when false nothing is rolled out and the last valid revision is served
 * @param violations         why the spec is invalid
 * @param problems           DaemonSet-wide explanations (invalid spec, being deleted, controller behind)
 * @param conditions         status.conditions as the controller wrote them
 * @param counts             the status counters computed now, as the controller computes them; null without a template
 * @param nodes              one row per node, by node name; then rows for nodes that pods name but that do not exist
 */
public record DaemonSetReport(
        String namespace,
        String name,
        Long generation,
        Long observedGeneration,
        String strategy,
        String updateRevision,
        boolean valid,
        List<Violation> violations,
        List<String> problems,
        List<DaemonSetCondition> conditions,
        Counts counts,
        List<NodeReport> nodes) {

    public DaemonSetReport {
        violations = List.copyOf(violations);
        problems = List.copyOf(problems);
        conditions = List.copyOf(conditions);
        nodes = List.copyOf(nodes);
    }

    /** The status counters, named as {@code kubectl get daemonset} names its columns. */
    public record Counts(int desired, int current, int ready, int upToDate, int available, int misscheduled) {}

    /** The same report with each pod of every node replaced by {@code change}'s result. */
    public DaemonSetReport withPods(UnaryOperator<PodReport> change) {
        return withNodes(nodes.stream().map(n -> n.withPods(change)).toList());
    }

    /** Whether some pod has something wrong with it ({@link PodReport#problem}). */
    public boolean hasPodProblems() {
        return nodes.stream().flatMap(n -> n.pods().stream()).anyMatch(p -> p.problem() != null);
    }

    /** The same report with only the named node's row; DaemonSet-wide fields stay as they are. */
    public DaemonSetReport forNode(String nodeName) {
        return withNodes(nodes.stream().filter(n -> n.node().equals(nodeName)).toList());
    }

    private DaemonSetReport withNodes(List<NodeReport> rows) {
        return new DaemonSetReport(
                namespace,
                name,
                generation,
                observedGeneration,
                strategy,
                updateRevision,
                valid,
                violations,
                problems,
                conditions,
                counts,
                rows);
    }
}
