package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.NodeReport.Verdict;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Answers "why is there (no) daemon pod on node X?" with the controller's own functions: the verdict is
 * {@link EligibilityRules#evaluate}, pods are claimed by {@link OwnershipPlanner} and grouped by {@link PodTargets},
 * and the counters come from {@link StatusCalculator}. Only the wording is added here, so explain cannot disagree
 * with what the controller does.
 */
public final class ExplainPlanner {
    static final String MISSING_TEMPLATE = "spec.template.spec is missing, so no node can be evaluated";
    /** Always the first problem of an invalid spec's report; the violations explain it. */
    public static final String INVALID_SPEC = "the spec is invalid, so nothing is rolled out until it is fixed";

    static final String NEVER_VALID = "it was never valid, so it has no revision to serve and gets no pod";

    private ExplainPlanner() {}

    /**
     * @param daemonSet      the DaemonSet as read from the API; not modified
     * @param updateHash     the template's revision hash ({@code TemplateHasher.hash(template, status.collisionCount)}),
     *                       null when the spec has no template
     * @param nodes          every node in the cluster
     * @param controlledPods the pods whose controller ownerReference is the DaemonSet
     * @param now            for availability (minReadySeconds)
     */
    public record Input(
            DaemonSet daemonSet,
            String updateHash,
            List<Node> nodes,
            List<Pod> controlledPods,
            Instant now,
            Served served,
            List<Violation> unreadable) {
        public Input(DaemonSet daemonSet, String updateHash, List<Node> nodes, List<Pod> controlledPods, Instant now) {
            this(daemonSet, updateHash, nodes, controlledPods, now, null, List.of());
        }
    }

    /**
     * The last valid revision, which the controller serves while the spec is invalid (null when there is none).
     *
     * @param hash its revision hash
     * @param template its pod template
     */
    public record Served(String hash, PodTemplateSpec template) {}

    public static DaemonSetReport explain(Input in) {
        DaemonSet ds = in.daemonSet();
        DaemonSetSpec spec = ds.getSpec();
        List<Violation> violations = in.unreadable().isEmpty() ? SpecValidator.validate(spec) : in.unreadable();
        boolean valid = violations.isEmpty();
        boolean serving = !valid && in.served() != null;
        boolean deleting = ds.getMetadata().getDeletionTimestamp() != null;
        // an invalid spec is judged by what the controller serves meanwhile: the last valid revision
        PodTemplateSpec template = valid
                ? spec.getTemplate()
                : serving ? in.served().template() : spec == null ? null : spec.getTemplate();
        String updateHash = serving ? in.served().hash() : in.updateHash();
        PodSpec templateSpec = template == null ? null : template.getSpec();
        EffectiveSpec effective = spec == null || !in.unreadable().isEmpty() ? null : EffectiveSpec.of(spec);

        // a pod whose labels stopped matching is released by the controller, so it is not the DaemonSet's pod
        List<Pod> pods = valid
                ? OwnershipPlanner.claim(spec.getSelector(), deleting, in.controlledPods(), List.of())
                        .claimed()
                : in.controlledPods();
        Map<String, List<Pod>> podsByNode = PodTargets.byNode(pods);

        List<NodeVerdict> verdicts = new ArrayList<>(in.nodes().size());
        if (templateSpec != null) {
            EligibilityRules rules = EligibilityRules.of(templateSpec);
            for (Node node : in.nodes()) {
                verdicts.add(new NodeVerdict(node.getMetadata().getName(), rules.evaluate(node)));
            }
            verdicts.sort(Comparator.comparing(NodeVerdict::nodeName));
        }

        DaemonSetReport.Counts counts = null;
        boolean surge = false;
        if (templateSpec != null && updateHash != null) {
            StatusCalculator.Result status = StatusCalculator.compute(new StatusCalculator.Input(
                    verdicts,
                    podsByNode,
                    updateHash,
                    effective == null ? 0 : effective.minReadySeconds(),
                    in.now(),
                    null,
                    null,
                    List.of()));
            counts = counts(status);
            // an invalid maxSurge cannot be evaluated, and nothing is rolled out for an invalid spec anyway
            surge = valid && effective.allowsSurge(status.status().getDesiredNumberScheduled());
        }
        ExplainContext ctx = new ExplainContext(valid, serving, deleting, effective, updateHash, surge);

        List<NodeReport> rows = new ArrayList<>(in.nodes().size());
        if (templateSpec != null) {
            for (NodeVerdict v : verdicts) {
                rows.add(row(
                        v.nodeName(),
                        Verdict.of(v.eligibility()),
                        v.eligibility().reasons(),
                        podsByNode.getOrDefault(v.nodeName(), List.of()),
                        ctx,
                        in.now()));
            }
        } else {
            for (Node node : sortedByName(in.nodes())) {
                String name = node.getMetadata().getName();
                rows.add(row(
                        name,
                        Verdict.UNKNOWN,
                        List.of(MISSING_TEMPLATE),
                        podsByNode.getOrDefault(name, List.of()),
                        ctx,
                        in.now()));
            }
        }
        rows.addAll(podsOnMissingNodes(in.nodes(), podsByNode, ctx, in.now()));

        return new DaemonSetReport(
                ds.getMetadata().getNamespace(),
                ds.getMetadata().getName(),
                ds.getMetadata().getGeneration(),
                observedGeneration(ds),
                effective == null ? null : effective.strategy().name(),
                updateHash,
                valid,
                violations,
                problems(ds, valid, serving, deleting),
                conditions(ds),
                counts,
                rows);
    }

    private static NodeReport row(
            String node, Verdict verdict, List<String> reasons, List<Pod> pods, ExplainContext ctx, Instant now) {
        int minReady = ctx.spec() == null ? 0 : ctx.spec().minReadySeconds();
        List<PodReport> reports = pods.stream()
                .map(p -> PodReport.of(p, ctx.updateHash(), minReady, now))
                .toList();
        return new NodeReport(node, verdict, reasons, reports, ExplainNotes.of(verdict, reports, ctx));
    }

    /** Pods aimed at nodes that are not in the node list, by node name. */
    private static List<NodeReport> podsOnMissingNodes(
            List<Node> nodes, Map<String, List<Pod>> podsByNode, ExplainContext ctx, Instant now) {
        Map<String, List<Pod>> missing = new TreeMap<>(podsByNode);
        for (Node node : nodes) {
            missing.remove(node.getMetadata().getName());
        }
        List<NodeReport> rows = new ArrayList<>(missing.size());
        missing.forEach((node, pods) ->
                rows.add(row(node, Verdict.NO_SUCH_NODE, List.of("node does not exist"), pods, ctx, now)));
        return rows;
    }

    private static List<String> problems(DaemonSet ds, boolean valid, boolean serving, boolean deleting) {
        List<String> out = new ArrayList<>(2);
        if (!valid) {
            out.add(INVALID_SPEC);
            out.add(
                    serving
                            ? "meanwhile the controller serves the last valid revision: nodes that should run the daemon "
                                    + "get its pod, failed or deleted pods are replaced, and no pod is replaced for the invalid spec"
                            : NEVER_VALID);
        }
        if (deleting) {
            out.add("the DaemonSet is being deleted, so the controller creates and deletes no pod for it");
        }
        if (valid && !deleting) {
            Long observed = observedGeneration(ds);
            Long generation = ds.getMetadata().getGeneration();
            if (observed == null) {
                out.add(
                        "the controller has not synced this DaemonSet yet (no status.observedGeneration): is the operator running?");
            } else if (generation != null && observed < generation) {
                out.add("the status is from generation " + observed + " but the spec is generation " + generation
                        + ": the controller has not acted on the latest spec yet (is the operator running?)");
            }
        }
        return out;
    }

    private static Long observedGeneration(DaemonSet ds) {
        return ds.getStatus() == null ? null : ds.getStatus().getObservedGeneration();
    }

    private static List<DaemonSetCondition> conditions(DaemonSet ds) {
        return Conditions.copy(ds.getStatus() == null ? null : ds.getStatus().getConditions());
    }

    private static DaemonSetReport.Counts counts(StatusCalculator.Result result) {
        DaemonSetStatus s = result.status();
        return new DaemonSetReport.Counts(
                s.getDesiredNumberScheduled(),
                s.getCurrentNumberScheduled(),
                s.getNumberReady(),
                s.getUpdatedNumberScheduled(),
                s.getNumberAvailable(),
                s.getNumberMisscheduled());
    }

    private static List<Node> sortedByName(List<Node> nodes) {
        return nodes.stream()
                .sorted(Comparator.comparing(
                        n -> Objects.toString(n.getMetadata().getName(), "")))
                .toList();
    }
}
