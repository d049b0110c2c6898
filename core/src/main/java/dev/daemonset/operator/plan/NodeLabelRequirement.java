package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One matchExpressions requirement of a node affinity term, compiled: {@code In}, {@code NotIn},
 * {@code Exists}, {@code DoesNotExist}, {@code Gt}, {@code Lt} on a node label, as
 * {@link NodeSelectorMatcher} describes. Immutable.
 */
final class NodeLabelRequirement {
    private enum Op {
        IN("In"),
        NOT_IN("NotIn"),
        EXISTS("Exists"),
        DOES_NOT_EXIST("DoesNotExist"),
        GT("Gt"),
        LT("Lt");

        final String wire;

        Op(String wire) {
            this.wire = wire;
        }

        static Op parse(String s) {
            for (Op op : values()) {
                if (op.wire.equals(s)) {
                    return op;
                }
            }
            return null;
        }
    }

    private final Op op;
    private final String key;
    private final String[] values;
    private final long bound; // Gt/Lt only

    private NodeLabelRequirement(Op op, String key, String[] values, long bound) {
        this.op = op;
        this.key = key;
        this.values = values;
        this.bound = bound;
    }

    /** Null, with the problems added, when the requirement is invalid. */
    static NodeLabelRequirement compile(NodeSelectorRequirement r, List<String> problems) {
        String key = Tolerations.nz(r.getKey());
        String opText = Tolerations.nz(r.getOperator());
        List<String> values = nonNullValues(r);
        int before = problems.size();
        String keyProblem = LabelSyntax.labelKeyProblem(key);
        if (keyProblem != null) {
            problems.add(keyProblem);
        }
        Op op = Op.parse(opText);
        long bound = 0;
        if (op == null) {
            problems.add("operator \"" + opText + "\" is not supported in matchExpressions "
                    + "(In, NotIn, Exists, DoesNotExist, Gt, Lt)");
        } else {
            switch (op) {
                case IN, NOT_IN -> {
                    if (values.isEmpty()) {
                        problems.add(key + " " + op.wire + " needs at least one value");
                    }
                }
                case EXISTS, DOES_NOT_EXIST -> {
                    if (!values.isEmpty()) {
                        problems.add(key + " " + op.wire + " takes no values but has " + values);
                    }
                }
                case GT, LT -> {
                    if (values.size() != 1 || !LabelSyntax.isInt64(values.get(0))) {
                        problems.add(key + " " + op.wire + " needs exactly one integer value but has " + values);
                    } else {
                        bound = Long.parseLong(values.get(0));
                    }
                }
            }
        }
        for (String v : values) {
            String valueProblem = LabelSyntax.labelValueProblem(v);
            if (valueProblem != null) {
                problems.add(valueProblem);
            }
        }
        return problems.size() == before
                ? new NodeLabelRequirement(op, key, values.toArray(new String[0]), bound)
                : null;
    }

    boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        boolean present = v != null || labels.containsKey(key);
        switch (op) {
            case IN:
                return present && contains(Tolerations.nz(v));
            case NOT_IN:
                return !present || !contains(Tolerations.nz(v));
            case EXISTS:
                return present;
            case DOES_NOT_EXIST:
                return !present;
            case GT:
                return present && v != null && LabelSyntax.isInt64(v) && Long.parseLong(v) > bound;
            case LT:
                return present && v != null && LabelSyntax.isInt64(v) && Long.parseLong(v) < bound;
            default:
                return false;
        }
    }

    private boolean contains(String v) {
        for (String value : values) {
            if (value.equals(v)) {
                return true;
            }
        }
        return false;
    }

    String explainMismatch(Map<String, String> labels) {
        String v = labels.get(key);
        boolean present = v != null || labels.containsKey(key);
        v = Tolerations.nz(v);
        String wanted =
                key + " " + op.wire + (op == Op.EXISTS || op == Op.DOES_NOT_EXIST ? "" : " " + describeValues());
        if (!present) {
            return wanted + " but node has no label " + key;
        }
        if (op == Op.DOES_NOT_EXIST) {
            return wanted + " but node has " + key + "=" + v;
        }
        if ((op == Op.GT || op == Op.LT) && !LabelSyntax.isInt64(v)) {
            return wanted + " but node has " + key + "=" + v + ", not an integer";
        }
        return wanted + " but node has " + v;
    }

    private String describeValues() {
        return op == Op.GT || op == Op.LT ? values[0] : Arrays.toString(values);
    }

    /** The requirement's values, a null one read as "". */
    static List<String> nonNullValues(NodeSelectorRequirement r) {
        List<String> values = r.getValues();
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(Tolerations.nz(v));
        }
        return out;
    }
}
