package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;

/**
 * One matchFields requirement of a node affinity term, compiled: {@code In} or {@code NotIn} with one
 * value, compared with the node's name (the only node field there is). Immutable.
 */
final class NodeFieldRequirement {
    private final boolean in;
    private final String key;
    private final String value;

    private NodeFieldRequirement(boolean in, String key, String value) {
        this.in = in;
        this.key = key;
        this.value = value;
    }

    static NodeFieldRequirement compile(NodeSelectorRequirement r, List<String> problems) {
        String key = Tolerations.nz(r.getKey());
        String op = Tolerations.nz(r.getOperator());
        List<String> values = NodeLabelRequirement.nonNullValues(r);
        if (!op.equals("In") && !op.equals("NotIn")) {
            problems.add("operator \"" + op + "\" is not supported in matchFields (In, NotIn)");
            return null;
        }
        if (values.size() != 1) {
            problems.add("matchFields " + key + " " + op + " needs exactly one value but has " + values);
            return null;
        }
        return new NodeFieldRequirement(op.equals("In"), key, values.get(0));
    }

    boolean matches(String nodeName) {
        String actual = NodeSelectorMatcher.NAME_FIELD.equals(key) ? nodeName : "";
        return in == actual.equals(value);
    }

    String explainMismatch(String nodeName) {
        String wanted = key + " " + (in ? "In" : "NotIn") + " [" + value + "]";
        if (!NodeSelectorMatcher.NAME_FIELD.equals(key)) {
            return wanted + " but nodes have no field " + key + " (only " + NodeSelectorMatcher.NAME_FIELD + ")";
        }
        return wanted + " but node is " + nodeName;
    }
}
