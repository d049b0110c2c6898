package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a DaemonSet's pod belongs on a node: upstream {@code NodeShouldRunDaemonPod}, evaluated on the template's
 * pod spec with the default daemon tolerations added ({@link DaemonTolerations}).
 *
 * <ol>
 *   <li>{@code spec.nodeName} set to another node: no pod, and a running one is deleted;</li>
 *   <li>nodeSelector or required node affinity not satisfied ({@link NodeSelectorMatcher}): the same;</li>
 *   <li>an untolerated NoSchedule or NoExecute taint: no new pod. A running pod stays unless one of the
 *       untolerated taints is NoExecute. PreferNoSchedule taints are ignored.</li>
 * </ol>
 * Resources, host ports, {@code spec.unschedulable} and the node's Ready condition are not considered (the
 * scheduler and the unschedulable/not-ready taints take care of those).
 *
 * <p>Compiled once per template and evaluated for many nodes: immutable and thread-safe, and it copies what it
 * needs from the spec, so later changes to the spec do not affect it. Evaluating a node that should run the pod
 * allocates nothing; reason strings are only built for nodes that fail.
 */
public final class EligibilityRules {
    private final String nodeName; // "" when the template does not pin a node
    private final NodeSelectorMatcher placement;
    private final Toleration[] tolerations; // private copies, never handed out

    private EligibilityRules(String nodeName, NodeSelectorMatcher placement, Toleration[] tolerations) {
        this.nodeName = nodeName;
        this.placement = placement;
        this.tolerations = tolerations;
    }

    /** Compiles the rules of a DaemonSet's {@code spec.template.spec}. Does not modify or keep {@code templateSpec}. */
    public static EligibilityRules of(PodSpec templateSpec) {
        Objects.requireNonNull(templateSpec, "templateSpec");
        return new EligibilityRules(
                Tolerations.nz(templateSpec.getNodeName()),
                NodeSelectorMatcher.of(templateSpec),
                DaemonTolerations.withDefaults(templateSpec).toArray(new Toleration[0]));
    }

    /** The verdict for {@code node}. Does not modify {@code node}. */
    public Eligibility evaluate(Node node) {
        Objects.requireNonNull(node, "node");
        List<Taint> taints = taints(node);
        if (pinnedElsewhere(node) || !placement.matches(node) || hasUntoleratedBlockingTaint(taints)) {
            return explain(node, taints);
        }
        return Eligibility.RUN;
    }

    /** The template's tolerations plus the defaults, as the daemon pods carry them. A fresh, mutable copy each call. */
    public List<Toleration> tolerations() {
        List<Toleration> out = new ArrayList<>(tolerations.length);
        for (Toleration t : tolerations) {
            out.add(Tolerations.copy(t));
        }
        return out;
    }

    /** The template's {@code nodeName}, or "" when it does not pin a node. */
    public String nodeName() {
        return nodeName;
    }

    /** The slow path: the verdict with every failing rule explained. */
    private Eligibility explain(Node node, List<Taint> taints) {
        List<String> reasons = new ArrayList<>(2);
        boolean excluded = false;
        if (pinnedElsewhere(node)) {
            reasons.add("template nodeName is " + nodeName);
            excluded = true;
        }
        if (!placement.matches(node, reasons)) {
            excluded = true;
        }
        boolean evicted = false;
        for (Taint taint : taints) {
            if (taint != null && Tolerations.blocksScheduling(taint) && !tolerated(taint)) {
                if (Tolerations.evicts(taint)) {
                    evicted = true;
                    reasons.add("taint " + Tolerations.describe(taint) + " is not tolerated: running pods are evicted");
                } else {
                    reasons.add("taint " + Tolerations.describe(taint) + " is not tolerated");
                }
            }
        }
        return excluded || evicted ? Eligibility.excluded(reasons) : Eligibility.keepRunningOnly(reasons);
    }

    private boolean pinnedElsewhere(Node node) {
        return !nodeName.isEmpty() && !nodeName.equals(NodeSelectorMatcher.name(node));
    }

    /** Whether a NoSchedule or NoExecute taint is not tolerated (upstream's fitsTaints, negated). */
    private boolean hasUntoleratedBlockingTaint(List<Taint> taints) {
        for (int i = 0, n = taints.size(); i < n; i++) {
            Taint taint = taints.get(i);
            if (taint != null && Tolerations.blocksScheduling(taint) && !tolerated(taint)) {
                return true;
            }
        }
        return false;
    }

    private boolean tolerated(Taint taint) {
        for (Toleration t : tolerations) {
            if (Tolerations.tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    private static List<Taint> taints(Node node) {
        NodeSpec spec = node.getSpec();
        List<Taint> taints = spec == null ? null : spec.getTaints();
        return taints == null ? List.of() : taints;
    }
}
