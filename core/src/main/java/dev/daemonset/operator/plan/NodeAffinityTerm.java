package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One term of a required node affinity, compiled: matchExpressions AND matchFields, as
 * {@link NodeSelectorMatcher} describes. A term that is empty or holds an invalid requirement matches no
 * node, and says so in {@link #explain}. Immutable.
 */
final class NodeAffinityTerm {
    private final int number;
    private final boolean empty;
    private final String invalid; // why the term can never match; null when valid
    private final NodeLabelRequirement[] labels;
    private final NodeFieldRequirement[] fields;

    private NodeAffinityTerm(
            int number, boolean empty, String invalid, NodeLabelRequirement[] labels, NodeFieldRequirement[] fields) {
        this.number = number;
        this.empty = empty;
        this.invalid = invalid;
        this.labels = labels;
        this.fields = fields;
    }

    /** The terms of {@code required}, numbered from 1 as reasons name them. */
    static NodeAffinityTerm[] compileAll(NodeSelector required) {
        List<NodeSelectorTerm> list = required.getNodeSelectorTerms();
        if (list == null) {
            return new NodeAffinityTerm[0];
        }
        NodeAffinityTerm[] out = new NodeAffinityTerm[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(i + 1, list.get(i));
        }
        return out;
    }

    static NodeAffinityTerm compile(int number, NodeSelectorTerm term) {
        List<NodeSelectorRequirement> exprs = term == null ? null : nonNull(term.getMatchExpressions());
        List<NodeSelectorRequirement> flds = term == null ? null : nonNull(term.getMatchFields());
        if ((exprs == null || exprs.isEmpty()) && (flds == null || flds.isEmpty())) {
            return new NodeAffinityTerm(number, true, null, new NodeLabelRequirement[0], new NodeFieldRequirement[0]);
        }
        List<String> problems = new ArrayList<>();
        List<NodeLabelRequirement> labels = new ArrayList<>();
        List<NodeFieldRequirement> fields = new ArrayList<>();
        if (exprs != null) {
            for (NodeSelectorRequirement r : exprs) {
                NodeLabelRequirement lr = NodeLabelRequirement.compile(r, problems);
                if (lr != null) {
                    labels.add(lr);
                }
            }
        }
        if (flds != null) {
            for (NodeSelectorRequirement r : flds) {
                NodeFieldRequirement fr = NodeFieldRequirement.compile(r, problems);
                if (fr != null) {
                    fields.add(fr);
                }
            }
        }
        return new NodeAffinityTerm(
                number,
                false,
                problems.isEmpty() ? null : String.join(", ", problems),
                labels.toArray(new NodeLabelRequirement[0]),
                fields.toArray(new NodeFieldRequirement[0]));
    }

    private static List<NodeSelectorRequirement> nonNull(List<NodeSelectorRequirement> list) {
        if (list == null) {
            return null;
        }
        // element by element: immutable lists throw on contains(null)
        List<NodeSelectorRequirement> out = new ArrayList<>(list.size());
        for (NodeSelectorRequirement r : list) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    boolean matches(Map<String, String> nodeLabels, String nodeName) {
        if (empty || invalid != null) {
            return false;
        }
        for (NodeLabelRequirement r : labels) {
            if (!r.matches(nodeLabels)) {
                return false;
            }
        }
        if (!nodeName.isEmpty()) {
            for (NodeFieldRequirement r : fields) {
                if (!r.matches(nodeName)) {
                    return false;
                }
            }
        }
        return true;
    }

    String explain(Map<String, String> nodeLabels, String nodeName) {
        if (empty) {
            return "term " + number + " is empty and matches no node";
        }
        if (invalid != null) {
            return "term " + number + " is invalid: " + invalid;
        }
        List<String> failures = new ArrayList<>();
        for (NodeLabelRequirement r : labels) {
            if (!r.matches(nodeLabels)) {
                failures.add(r.explainMismatch(nodeLabels));
            }
        }
        if (!nodeName.isEmpty()) {
            for (NodeFieldRequirement r : fields) {
                if (!r.matches(nodeName)) {
                    failures.add(r.explainMismatch(nodeName));
                }
            }
        }
        return "term " + number + ": " + String.join(", ", failures);
    }
}
