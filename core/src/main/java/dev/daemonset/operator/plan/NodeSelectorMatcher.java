package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's node placement constraints, compiled once and matched against many nodes: {@code spec.nodeSelector}
 * AND {@code spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}, with the semantics of
 * upstream {@code nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)} (parse errors ignored, as the DaemonSet
 * controller does):
 * <ul>
 *   <li>nodeSelector: every entry must be a node label with exactly that value;</li>
 *   <li>required affinity absent: no constraint. Present: its terms are ORed, so zero terms match no node;</li>
 *   <li>a term with neither matchExpressions nor matchFields matches no node; inside a term every
 *       requirement must hold (matchExpressions AND matchFields);</li>
 *   <li>matchExpressions: {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}, {@code Gt}, {@code Lt}.
 *       NotIn and DoesNotExist hold when the label is absent. Gt/Lt need the label to parse as an int64;</li>
 *   <li>matchFields: {@code In}/{@code NotIn} with exactly one value, compared with the node's
 *       {@code metadata.name} (the only node field; any other key reads as ""). A node without a name skips
 *       matchFields entirely, as upstream does;</li>
 *   <li>a term with an invalid requirement matches no node (the other terms still count). Invalid means: an
 *       unknown operator; In/NotIn without values; Exists/DoesNotExist with values; Gt/Lt without exactly one
 *       integer value; an invalid label key or value in matchExpressions; matchFields with another operator or
 *       not exactly one value.</li>
 * </ul>
 * Each term is a {@link NodeAffinityTerm} of {@link NodeLabelRequirement}s and {@link NodeFieldRequirement}s.
 * Immutable and thread-safe; {@link #matches(Node)} allocates nothing.
 */
public final class NodeSelectorMatcher {
    static final String NAME_FIELD = "metadata.name";
    private static final String[] NO_STRINGS = new String[0];

    private final String[] selectorKeys; // sorted, so reasons come out in a stable order
    private final String[] selectorValues;
    private final NodeAffinityTerm[] terms; // null: no required node affinity

    private NodeSelectorMatcher(String[] selectorKeys, String[] selectorValues, NodeAffinityTerm[] terms) {
        this.selectorKeys = selectorKeys;
        this.selectorValues = selectorValues;
        this.terms = terms;
    }

    /** The constraints of a pod spec: its nodeSelector and required node affinity. */
    public static NodeSelectorMatcher of(PodSpec spec) {
        Affinity affinity = spec.getAffinity();
        NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
        NodeSelector required =
                nodeAffinity == null ? null : nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        return of(spec.getNodeSelector(), required);
    }

    /** A nodeSelector map (null or empty: no constraint) AND a required NodeSelector (null: no constraint). */
    public static NodeSelectorMatcher of(Map<String, String> nodeSelector, NodeSelector required) {
        String[] keys = NO_STRINGS;
        String[] values = NO_STRINGS;
        if (nodeSelector != null && !nodeSelector.isEmpty()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            nodeSelector.forEach((k, v) -> sorted.put(Tolerations.nz(k), Tolerations.nz(v)));
            keys = sorted.keySet().toArray(NO_STRINGS);
            values = sorted.values().toArray(NO_STRINGS);
        }
        return new NodeSelectorMatcher(keys, values, required == null ? null : NodeAffinityTerm.compileAll(required));
    }

    /** Only a required NodeSelector (null: matches every node). */
    public static NodeSelectorMatcher ofRequired(NodeSelector required) {
        return of(null, required);
    }

    /** Whether there is a required node affinity (which may still match every node). */
    public boolean hasRequiredAffinity() {
        return terms != null;
    }

    /** Whether the node satisfies the nodeSelector and the required node affinity. */
    public boolean matches(Node node) {
        Map<String, String> labels = labels(node);
        for (int i = 0; i < selectorKeys.length; i++) {
            String v = labels.get(selectorKeys[i]);
            if (v == null) {
                if (!selectorValues[i].isEmpty() || !labels.containsKey(selectorKeys[i])) {
                    return false;
                }
            } else if (!v.equals(selectorValues[i])) {
                return false;
            }
        }
        if (terms == null) {
            return true;
        }
        String name = name(node);
        for (NodeAffinityTerm term : terms) {
            if (term.matches(labels, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #matches(Node)}, and when the node does not match, appends one reason per failing rule to
     * {@code reasons}: one per unmatched nodeSelector entry, and one for the required node affinity listing why
     * each term fails.
     */
    public boolean matches(Node node, List<String> reasons) {
        if (matches(node)) {
            return true;
        }
        Map<String, String> labels = labels(node);
        for (int i = 0; i < selectorKeys.length; i++) {
            String key = selectorKeys[i];
            String v = labels.get(key);
            boolean present = v != null || labels.containsKey(key);
            v = Tolerations.nz(v);
            if (!present) {
                reasons.add("nodeSelector " + key + "=" + selectorValues[i] + " does not match (node has no label "
                        + key + ")");
            } else if (!v.equals(selectorValues[i])) {
                reasons.add("nodeSelector " + key + "=" + selectorValues[i] + " does not match (node has " + key + "="
                        + v + ")");
            }
        }
        if (terms != null) {
            String name = name(node);
            if (terms.length == 0) {
                reasons.add("required node affinity has no terms, so it matches no node");
            } else if (!anyTermMatches(labels, name)) {
                List<String> why = new ArrayList<>(terms.length);
                for (NodeAffinityTerm term : terms) {
                    why.add(term.explain(labels, name));
                }
                reasons.add("required node affinity: no term matches (" + String.join("; ", why) + ")");
            }
        }
        return false;
    }

    private boolean anyTermMatches(Map<String, String> labels, String name) {
        for (NodeAffinityTerm term : terms) {
            if (term.matches(labels, name)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> labels(Node node) {
        ObjectMeta meta = node.getMetadata();
        Map<String, String> labels = meta == null ? null : meta.getLabels();
        return labels == null ? Collections.emptyMap() : labels;
    }

    static String name(Node node) {
        ObjectMeta meta = node.getMetadata();
        return meta == null ? "" : Tolerations.nz(meta.getName());
    }
}
