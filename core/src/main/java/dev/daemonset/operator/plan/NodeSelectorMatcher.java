package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Immutable and thread-safe; {@link #matches(Node)} allocates nothing.
 */
public final class NodeSelectorMatcher {
  static final String NAME_FIELD = "metadata.name";
  private static final String[] NO_STRINGS = new String[0];

  private final String[] selectorKeys;   // sorted, so reasons come out in a stable order
  private final String[] selectorValues;
  private final Term[] terms;            // null: no required node affinity

  private NodeSelectorMatcher(String[] selectorKeys, String[] selectorValues, Term[] terms) {
    this.selectorKeys = selectorKeys;
    this.selectorValues = selectorValues;
    this.terms = terms;
  }

  /** The constraints of a pod spec: its nodeSelector and required node affinity. */
  public static NodeSelectorMatcher of(PodSpec spec) {
    Affinity affinity = spec.getAffinity();
    NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
    NodeSelector required = nodeAffinity == null ? null : nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
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
    return new NodeSelectorMatcher(keys, values, required == null ? null : compile(required));
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
    for (Term term : terms) {
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
        reasons.add("nodeSelector " + key + "=" + selectorValues[i] + " does not match (node has no label " + key + ")");
      } else if (!v.equals(selectorValues[i])) {
        reasons.add("nodeSelector " + key + "=" + selectorValues[i] + " does not match (node has " + key + "=" + v + ")");
      }
    }
    if (terms != null) {
      String name = name(node);
      if (terms.length == 0) {
        reasons.add("required node affinity has no terms, so it matches no node");
      } else if (!anyTermMatches(labels, name)) {
        List<String> why = new ArrayList<>(terms.length);
        for (Term term : terms) {
          why.add(term.explain(labels, name));
        }
        reasons.add("required node affinity: no term matches (" + String.join("; ", why) + ")");
      }
    }
    return false;
  }

  private boolean anyTermMatches(Map<String, String> labels, String name) {
    for (Term term : terms) {
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

  // ---- compilation -------------------------------------------------------------------------------------------

  private static Term[] compile(NodeSelector required) {
    List<NodeSelectorTerm> list = required.getNodeSelectorTerms();
    if (list == null) {
      return new Term[0];
    }
    Term[] out = new Term[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Term.compile(i + 1, list.get(i));
    }
    return out;
  }

  private enum Op {
    IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist"), GT("Gt"), LT("Lt");

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

  private static List<String> nonNullValues(NodeSelectorRequirement r) {
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

  private static final class Term {
    final int number;
    final boolean empty;
    final String invalid;          // why the term can never match; null when valid
    final LabelRequirement[] labels;
    final FieldRequirement[] fields;

    private Term(int number, boolean empty, String invalid, LabelRequirement[] labels, FieldRequirement[] fields) {
      this.number = number;
      this.empty = empty;
      this.invalid = invalid;
      this.labels = labels;
      this.fields = fields;
    }

    static Term compile(int number, NodeSelectorTerm term) {
      List<NodeSelectorRequirement> exprs = term == null ? null : nonNull(term.getMatchExpressions());
      List<NodeSelectorRequirement> flds = term == null ? null : nonNull(term.getMatchFields());
      if ((exprs == null || exprs.isEmpty()) && (flds == null || flds.isEmpty())) {
        return new Term(number, true, null, new LabelRequirement[0], new FieldRequirement[0]);
      }
      List<String> problems = new ArrayList<>();
      List<LabelRequirement> labels = new ArrayList<>();
      List<FieldRequirement> fields = new ArrayList<>();
      if (exprs != null) {
        for (NodeSelectorRequirement r : exprs) {
          LabelRequirement lr = LabelRequirement.compile(r, problems);
          if (lr != null) {
            labels.add(lr);
          }
        }
      }
      if (flds != null) {
        for (NodeSelectorRequirement r : flds) {
          FieldRequirement fr = FieldRequirement.compile(r, problems);
          if (fr != null) {
            fields.add(fr);
          }
        }
      }
      return new Term(number, false, problems.isEmpty() ? null : String.join(", ", problems),
          labels.toArray(new LabelRequirement[0]), fields.toArray(new FieldRequirement[0]));
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
      for (LabelRequirement r : labels) {
        if (!r.matches(nodeLabels)) {
          return false;
        }
      }
      if (!nodeName.isEmpty()) {
        for (FieldRequirement r : fields) {
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
      for (LabelRequirement r : labels) {
        if (!r.matches(nodeLabels)) {
          failures.add(r.explainMismatch(nodeLabels));
        }
      }
      if (!nodeName.isEmpty()) {
        for (FieldRequirement r : fields) {
          if (!r.matches(nodeName)) {
            failures.add(r.explainMismatch(nodeName));
          }
        }
      }
      return "term " + number + ": " + String.join(", ", failures);
    }
  }

  private static final class LabelRequirement {
    final Op op;
    final String key;
    final String[] values;
    final long bound; // Gt/Lt only

    private LabelRequirement(Op op, String key, String[] values, long bound) {
      this.op = op;
      this.key = key;
      this.values = values;
      this.bound = bound;
    }

    /** Null, with the problems added, when the requirement is invalid. */
    static LabelRequirement compile(NodeSelectorRequirement r, List<String> problems) {
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
      return problems.size() == before ? new LabelRequirement(op, key, values.toArray(NO_STRINGS), bound) : null;
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
      String wanted = key + " " + op.wire + (op == Op.EXISTS || op == Op.DOES_NOT_EXIST ? "" : " " + describeValues());
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
  }

  private static final class FieldRequirement {
    final boolean in;
    final String key;
    final String value;

    private FieldRequirement(boolean in, String key, String value) {
      this.in = in;
      this.key = key;
      this.value = value;
    }

    static FieldRequirement compile(NodeSelectorRequirement r, List<String> problems) {
      String key = Tolerations.nz(r.getKey());
      String op = Tolerations.nz(r.getOperator());
      List<String> values = nonNullValues(r);
      if (!op.equals("In") && !op.equals("NotIn")) {
        problems.add("operator \"" + op + "\" is not supported in matchFields (In, NotIn)");
        return null;
      }
      if (values.size() != 1) {
        problems.add("matchFields " + key + " " + op + " needs exactly one value but has " + values);
        return null;
      }
      return new FieldRequirement(op.equals("In"), key, values.get(0));
    }

    boolean matches(String nodeName) {
      String actual = NAME_FIELD.equals(key) ? nodeName : "";
      return in == actual.equals(value);
    }

    String explainMismatch(String nodeName) {
      String wanted = key + " " + (in ? "In" : "NotIn") + " [" + value + "]";
      if (!NAME_FIELD.equals(key)) {
        return wanted + " but nodes have no field " + key + " (only " + NAME_FIELD + ")";
      }
      return wanted + " but node is " + nodeName;
    }
  }
}
