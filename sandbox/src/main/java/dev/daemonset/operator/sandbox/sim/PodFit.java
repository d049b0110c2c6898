package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduler's filters, in the order kube-scheduler runs them: NodeUnschedulable, TaintToleration,
 * NodeAffinity (nodeSelector and required node affinity, including {@code matchFields metadata.name}).
 * Resources and ports are not simulated.
 */
public final class PodFit {
    public static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

    private PodFit() {}

    /** Null when the pod fits the node, else the reason as kube-scheduler words it. */
    public static String whyNot(Pod pod, Node node) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null
                ? List.of()
                : pod.getSpec().getTolerations();
        NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
        if (Boolean.TRUE.equals(spec.getUnschedulable())
                && !tolerated(new Taint("NoSchedule", UNSCHEDULABLE_TAINT, null, null), tolerations)) {
            return "node(s) were unschedulable";
        }
        List<Taint> taints = spec.getTaints() == null ? List.of() : spec.getTaints();
        for (Taint taint : taints) {
            boolean blocking = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (blocking && !tolerated(taint, tolerations)) {
                return "node(s) had untolerated taint {" + taint.getKey() + ": "
                        + Objects.requireNonNullElse(taint.getValue(), "") + "}";
            }
        }
        if (!matchesNodeSelector(pod, node) || !matchesRequiredAffinity(pod, node)) {
            return "node(s) didn't match Pod's node affinity/selector";
        }
        return null;
    }

    public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        if (key.isEmpty()) {
            return "Exists".equals(t.getOperator());
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        if ("Exists".equals(t.getOperator())) {
            return true;
        }
        return Objects.requireNonNullElse(t.getValue(), "").equals(Objects.requireNonNullElse(taint.getValue(), ""));
    }

    static boolean matchesNodeSelector(Pod pod, Node node) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean matchesRequiredAffinity(Pod pod, Node node) {
        if (pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required =
                pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The only node the pod can fit, when its required affinity has a single term holding
     * {@code matchFields metadata.name In [node]} (as daemon pods do); otherwise null.
     */
    public static String pinnedNode(Pod pod) {
        if (pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null) {
            return null;
        }
        NodeSelector required =
                pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null
                || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().size() != 1) {
            return null;
        }
        List<NodeSelectorRequirement> fields =
                required.getNodeSelectorTerms().get(0).getMatchFields();
        if (fields == null) {
            return null;
        }
        for (NodeSelectorRequirement r : fields) {
            if ("metadata.name".equals(r.getKey())
                    && "In".equals(r.getOperator())
                    && r.getValues() != null
                    && r.getValues().size() == 1) {
                return r.getValues().get(0);
            }
        }
        return null;
    }

    private static boolean termMatches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions =
                term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        for (NodeSelectorRequirement r : expressions) {
            if (!requirementMatches(r, labels.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey())
                    || !requirementMatches(r, node.getMetadata().getName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (Objects.requireNonNullElse(r.getOperator(), "")) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) {
                    yield false;
                }
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(values.get(0));
                    yield "Gt".equals(r.getOperator()) ? actual > bound : actual < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
