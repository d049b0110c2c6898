package dev.daemonset.operator.plan;

import static dev.daemonset.operator.plan.Fixtures.expressions;
import static dev.daemonset.operator.plan.Fixtures.fields;
import static dev.daemonset.operator.plan.Fixtures.labels;
import static dev.daemonset.operator.plan.Fixtures.node;
import static dev.daemonset.operator.plan.Fixtures.req;
import static dev.daemonset.operator.plan.Fixtures.required;
import static dev.daemonset.operator.plan.Fixtures.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSelectorMatcherTest {

    private static boolean affinityMatches(NodeSelector required, Node node) {
        return NodeSelectorMatcher.ofRequired(required).matches(node);
    }

    private static List<String> reasons(NodeSelectorMatcher matcher, Node node) {
        List<String> reasons = new ArrayList<>();
        boolean matched = matcher.matches(node, reasons);
        assertThat(matched).as("the reasons variant agrees with matches()").isEqualTo(matcher.matches(node));
        assertThat(reasons.isEmpty())
                .as("reasons are given exactly when the node does not match")
                .isEqualTo(matched);
        return reasons;
    }

    // ---- matchExpressions: one requirement against one node ----------------------------------------------------

    static Stream<Arguments> labelOperators() {
        Map<String, String> zoneA = labels("zone", "a");
        Map<String, String> none = labels();
        Map<String, String> emptyValue = labels("zone", "");
        return Stream.of(
                argumentSet("In: value listed", req("zone", "In", "a", "b"), zoneA, true),
                argumentSet("In: value not listed", req("zone", "In", "b", "c"), zoneA, false),
                argumentSet("In: label absent", req("zone", "In", "a"), none, false),
                argumentSet("In: empty value listed matches empty label", req("zone", "In", ""), emptyValue, true),
                argumentSet("In: empty value listed does not match absent label", req("zone", "In", ""), none, false),
                argumentSet("NotIn: value listed", req("zone", "NotIn", "a"), zoneA, false),
                argumentSet("NotIn: value not listed", req("zone", "NotIn", "b"), zoneA, true),
                argumentSet("NotIn: label absent matches", req("zone", "NotIn", "a"), none, true),
                argumentSet("Exists: label present", req("zone", "Exists"), zoneA, true),
                argumentSet("Exists: label present with empty value", req("zone", "Exists"), emptyValue, true),
                argumentSet("Exists: label absent", req("zone", "Exists"), none, false),
                argumentSet("DoesNotExist: label absent matches", req("zone", "DoesNotExist"), none, true),
                argumentSet("DoesNotExist: label present", req("zone", "DoesNotExist"), zoneA, false),
                argumentSet("Gt: greater", req("cores", "Gt", "4"), labels("cores", "8"), true),
                argumentSet("Gt: equal is not greater", req("cores", "Gt", "8"), labels("cores", "8"), false),
                argumentSet("Gt: smaller", req("cores", "Gt", "16"), labels("cores", "8"), false),
                argumentSet("Gt: label absent", req("cores", "Gt", "4"), none, false),
                argumentSet("Gt: non-integer label", req("cores", "Gt", "4"), labels("cores", "eight"), false),
                argumentSet(
                        "Gt: decimal label is not an integer", req("cores", "Gt", "4"), labels("cores", "8.5"), false),
                argumentSet(
                        "Gt: label beyond int64",
                        req("cores", "Gt", "4"),
                        labels("cores", "99999999999999999999"),
                        false),
                argumentSet(
                        "Gt: int64 max label", req("cores", "Gt", "4"), labels("cores", "9223372036854775807"), true),
                argumentSet(
                        "Gt: non-ASCII digits are not an integer",
                        req("cores", "Gt", "4"),
                        labels("cores", "\u0668"),
                        false),
                argumentSet("Lt: smaller", req("cores", "Lt", "16"), labels("cores", "8"), true),
                argumentSet("Lt: equal is not smaller", req("cores", "Lt", "8"), labels("cores", "8"), false),
                argumentSet("Lt: greater", req("cores", "Lt", "4"), labels("cores", "8"), false),
                argumentSet("Lt: label absent", req("cores", "Lt", "4"), none, false),
                argumentSet("Lt: non-integer label", req("cores", "Lt", "4"), labels("cores", "1x"), false),
                argumentSet("Lt: leading zeros parse", req("cores", "Lt", "10"), labels("cores", "007"), true),
                argumentSet(
                        "Lt: label with explicit sign parses", req("cores", "Lt", "10"), labels("cores", "+7"), true),
                argumentSet(
                        "prefixed key",
                        req("topology.kubernetes.io/zone", "In", "a"),
                        labels("topology.kubernetes.io/zone", "a"),
                        true));
    }

    @ParameterizedTest
    @MethodSource("labelOperators")
    void labelOperator(NodeSelectorRequirement requirement, Map<String, String> nodeLabels, boolean expected) {
        Node node = node("node-1", nodeLabels);
        assertThat(affinityMatches(required(expressions(requirement)), node)).isEqualTo(expected);
    }

    /** Each of these would match the node if it were valid; an invalid requirement makes its term match nothing. */
    static Stream<Arguments> invalidRequirements() {
        return Stream.of(
                argumentSet("unknown operator", req("zone", "Equals", "a"), "operator \"Equals\" is not supported"),
                argumentSet("operators are case-sensitive", req("zone", "in", "a"), "operator \"in\" is not supported"),
                argumentSet("empty operator", req("zone", "", "a"), "operator \"\" is not supported"),
                argumentSet("In without values", req("zone", "In"), "zone In needs at least one value"),
                argumentSet("NotIn without values", req("other", "NotIn"), "other NotIn needs at least one value"),
                argumentSet(
                        "Exists with values", req("zone", "Exists", "a"), "zone Exists takes no values but has [a]"),
                argumentSet(
                        "DoesNotExist with values",
                        req("other", "DoesNotExist", "a"),
                        "other DoesNotExist takes no values but has [a]"),
                argumentSet(
                        "Gt with a non-integer value",
                        req("cores", "Gt", "four"),
                        "cores Gt needs exactly one integer value but has [four]"),
                argumentSet(
                        "Gt with two values",
                        req("cores", "Gt", "1", "2"),
                        "cores Gt needs exactly one integer value but has [1, 2]"),
                argumentSet(
                        "Lt without values", req("cores", "Lt"), "cores Lt needs exactly one integer value but has []"),
                argumentSet(
                        "Gt with a negative value (not a valid label value)",
                        req("cores", "Gt", "-1"),
                        "label value \"-1\" is invalid"),
                argumentSet("empty key", req("", "DoesNotExist"), "label key \"\" has an empty name"),
                argumentSet("key with a space", req("my zone", "DoesNotExist"), "label key \"my zone\" is invalid"),
                argumentSet(
                        "key with two slashes",
                        req("a/b/c", "DoesNotExist"),
                        "label key \"a/b/c\" has more than one '/'"),
                argumentSet(
                        "key with an upper-case prefix",
                        req("Example.com/x", "DoesNotExist"),
                        "label key \"Example.com/x\" has an invalid prefix"),
                argumentSet(
                        "invalid value", req("zone", "NotIn", "not valid!"), "label value \"not valid!\" is invalid"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequirements")
    void invalidRequirementMatchesNothingAndSaysWhy(NodeSelectorRequirement requirement, String problem) {
        Node node = node("node-1", labels("zone", "a", "cores", "8"));
        NodeSelectorMatcher matcher = NodeSelectorMatcher.ofRequired(required(expressions(requirement)));

        assertThat(matcher.matches(node)).isFalse();
        assertThat(reasons(matcher, node))
                .singleElement()
                .asString()
                .startsWith("required node affinity: no term matches (term 1 is invalid: ")
                .contains(problem);
    }

    @Test
    void invalidTermDoesNotSpoilTheOtherTerms() {
        Node node = node("node-1", labels("zone", "a"));
        NodeSelector sel = required(expressions(req("zone", "Gt", "x")), expressions(req("zone", "In", "a")));
        assertThat(affinityMatches(sel, node)).isTrue();
    }

    // ---- matchFields ------------------------------------------------------------------------------------------

    static Stream<Arguments> matchFields() {
        return Stream.of(
                argumentSet("In this node's name", req("metadata.name", "In", "node-1"), true),
                argumentSet("In another node's name", req("metadata.name", "In", "node-2"), false),
                argumentSet("NotIn this node's name", req("metadata.name", "NotIn", "node-1"), false),
                argumentSet("NotIn another node's name", req("metadata.name", "NotIn", "node-2"), true),
                argumentSet(
                        "In with two values is invalid, even if one is this node",
                        req("metadata.name", "In", "node-1", "node-2"),
                        false),
                argumentSet("In without values is invalid", req("metadata.name", "In"), false),
                argumentSet("Exists is not a field operator", req("metadata.name", "Exists"), false),
                argumentSet("unknown field never equals a value", req("metadata.uid", "In", "node-1"), false),
                argumentSet("unknown field is not equal to a value", req("metadata.uid", "NotIn", "node-1"), true));
    }

    @ParameterizedTest
    @MethodSource("matchFields")
    void matchField(NodeSelectorRequirement requirement, boolean expected) {
        assertThat(affinityMatches(required(fields(requirement)), node("node-1")))
                .isEqualTo(expected);
    }

    @Test
    void daemonPodsArePinnedToOneNodeByMatchFields() {
        // what upstream's ReplaceDaemonSetPodNodeNameNodeAffinity produces for each pod
        NodeSelector pin = required(fields(req("metadata.name", "In", "node-2")));
        List<String> placed = Stream.of("node-1", "node-2", "node-3")
                .filter(n -> affinityMatches(pin, node(n)))
                .toList();
        assertThat(placed).containsExactly("node-2");
    }

    @Test
    void nodeWithoutNameSkipsMatchFieldsLikeUpstream() {
        Node nameless = node(null, labels("zone", "a"));
        assertThat(affinityMatches(required(fields(req("metadata.name", "In", "node-2"))), nameless))
                .isTrue();
        assertThat(affinityMatches(
                        required(term(List.of(req("zone", "In", "b")), List.of(req("metadata.name", "In", "node-2")))),
                        nameless))
                .isFalse();
    }

    // ---- terms ------------------------------------------------------------------------------------------------

    static Stream<Arguments> terms() {
        NodeSelectorTerm zoneA = expressions(req("zone", "In", "a"));
        NodeSelectorTerm zoneB = expressions(req("zone", "In", "b"));
        NodeSelectorTerm empty = term(null, null);
        NodeSelectorTerm emptyLists = term(List.of(), List.of());
        return Stream.of(
                argumentSet("no required affinity matches every node", null, true),
                argumentSet("zero terms match no node", required(), false),
                argumentSet("null term list matches no node", new NodeSelector(null), false),
                argumentSet("single matching term", required(zoneA), true),
                argumentSet("terms are ORed: second matches", required(zoneB, zoneA), true),
                argumentSet(
                        "terms are ORed: none matches", required(zoneB, expressions(req("zone", "In", "c"))), false),
                argumentSet("an empty term matches no node", required(empty), false),
                argumentSet("a term with empty lists matches no node", required(emptyLists), false),
                argumentSet("an empty term does not stop another term from matching", required(empty, zoneA), true),
                argumentSet(
                        "expressions in a term are ANDed: all hold",
                        required(expressions(req("zone", "In", "a"), req("disk", "Exists"))),
                        true),
                argumentSet(
                        "expressions in a term are ANDed: one fails",
                        required(expressions(req("zone", "In", "a"), req("gpu", "Exists"))),
                        false),
                argumentSet(
                        "matchExpressions AND matchFields: both hold",
                        required(term(List.of(req("zone", "In", "a")), List.of(req("metadata.name", "In", "node-1")))),
                        true),
                argumentSet(
                        "matchExpressions AND matchFields: fields fail",
                        required(term(List.of(req("zone", "In", "a")), List.of(req("metadata.name", "In", "node-9")))),
                        false),
                argumentSet(
                        "matchExpressions AND matchFields: expressions fail",
                        required(term(List.of(req("zone", "In", "b")), List.of(req("metadata.name", "In", "node-1")))),
                        false));
    }

    @ParameterizedTest
    @MethodSource("terms")
    void termSemantics(NodeSelector required, boolean expected) {
        Node node = node("node-1", labels("zone", "a", "disk", "ssd"));
        NodeSelectorMatcher matcher = NodeSelectorMatcher.ofRequired(required);
        assertThat(matcher.matches(node)).isEqualTo(expected);
        assertThat(reasons(matcher, node)).hasSize(expected ? 0 : 1);
    }

    // ---- nodeSelector -----------------------------------------------------------------------------------------

    static Stream<Arguments> nodeSelectors() {
        return Stream.of(
                argumentSet("empty nodeSelector matches every node", labels(), List.of()),
                argumentSet("every entry equal", labels("disktype", "ssd", "zone", "a"), List.of()),
                argumentSet(
                        "value differs",
                        labels("disktype", "hdd"),
                        List.of("nodeSelector disktype=hdd does not match (node has disktype=ssd)")),
                argumentSet(
                        "label absent",
                        labels("gpu", "true"),
                        List.of("nodeSelector gpu=true does not match (node has no label gpu)")),
                argumentSet(
                        "one matching entry does not make up for a failing one",
                        labels("zone", "a", "gpu", "true", "disktype", "nvme"),
                        List.of(
                                "nodeSelector disktype=nvme does not match (node has disktype=ssd)",
                                "nodeSelector gpu=true does not match (node has no label gpu)")));
    }

    @ParameterizedTest
    @MethodSource("nodeSelectors")
    void nodeSelector(Map<String, String> selector, List<String> expectedReasons) {
        Node node = node("node-1", labels("disktype", "ssd", "zone", "a"));
        NodeSelectorMatcher matcher = NodeSelectorMatcher.of(selector, null);
        assertThat(matcher.matches(node)).isEqualTo(expectedReasons.isEmpty());
        assertThat(reasons(matcher, node)).containsExactlyElementsOf(expectedReasons);
    }

    @Test
    void nodeSelectorAndAffinityMustBothHold() {
        NodeSelectorMatcher matcher =
                NodeSelectorMatcher.of(labels("disktype", "ssd"), required(expressions(req("zone", "In", "a"))));
        assertThat(matcher.matches(node("n1", labels("disktype", "ssd", "zone", "a"))))
                .isTrue();
        assertThat(reasons(matcher, node("n2", labels("disktype", "ssd", "zone", "b"))))
                .containsExactly("required node affinity: no term matches (term 1: zone In [a] but node has b)");
        assertThat(reasons(matcher, node("n3", labels("disktype", "hdd", "zone", "a"))))
                .containsExactly("nodeSelector disktype=ssd does not match (node has disktype=hdd)");
        assertThat(reasons(matcher, node("n4", labels("zone", "c"))))
                .containsExactly(
                        "nodeSelector disktype=ssd does not match (node has no label disktype)",
                        "required node affinity: no term matches (term 1: zone In [a] but node has c)");
    }

    // ---- reasons ----------------------------------------------------------------------------------------------

    static Stream<Arguments> affinityReasons() {
        return Stream.of(
                argumentSet(
                        "In, value differs",
                        required(expressions(req("topology.kubernetes.io/zone", "In", "zone-a"))),
                        "required node affinity: no term matches (term 1: topology.kubernetes.io/zone In [zone-a] but node has zone-c)"),
                argumentSet(
                        "In, label absent",
                        required(expressions(req("gpu", "In", "a100", "h100"))),
                        "required node affinity: no term matches (term 1: gpu In [a100, h100] but node has no label gpu)"),
                argumentSet(
                        "NotIn",
                        required(expressions(req("topology.kubernetes.io/zone", "NotIn", "zone-c"))),
                        "required node affinity: no term matches (term 1: topology.kubernetes.io/zone NotIn [zone-c] but node has zone-c)"),
                argumentSet(
                        "Exists",
                        required(expressions(req("gpu", "Exists"))),
                        "required node affinity: no term matches (term 1: gpu Exists but node has no label gpu)"),
                argumentSet(
                        "DoesNotExist",
                        required(expressions(req("cores", "DoesNotExist"))),
                        "required node affinity: no term matches (term 1: cores DoesNotExist but node has cores=8)"),
                argumentSet(
                        "Gt",
                        required(expressions(req("cores", "Gt", "16"))),
                        "required node affinity: no term matches (term 1: cores Gt 16 but node has 8)"),
                argumentSet(
                        "Lt on a non-integer label",
                        required(expressions(req("arch", "Lt", "3"))),
                        "required node affinity: no term matches (term 1: arch Lt 3 but node has arch=amd64, not an integer)"),
                argumentSet(
                        "matchFields",
                        required(fields(req("metadata.name", "In", "node-7"))),
                        "required node affinity: no term matches (term 1: metadata.name In [node-7] but node is node-1)"),
                argumentSet(
                        "every failing requirement of every term",
                        required(
                                expressions(req("cores", "Gt", "16"), req("gpu", "Exists"), req("arch", "In", "amd64")),
                                term(null, null),
                                fields(req("metadata.name", "NotIn", "node-1"))),
                        "required node affinity: no term matches (term 1: cores Gt 16 but node has 8, gpu Exists but node has no "
                                + "label gpu; term 2 is empty and matches no node; term 3: metadata.name NotIn [node-1] but node is node-1)"),
                argumentSet("no terms", required(), "required node affinity has no terms, so it matches no node"));
    }

    @ParameterizedTest
    @MethodSource("affinityReasons")
    void affinityReason(NodeSelector required, String expected) {
        Node node = node("node-1", labels("topology.kubernetes.io/zone", "zone-c", "cores", "8", "arch", "amd64"));
        assertThat(reasons(NodeSelectorMatcher.ofRequired(required), node)).containsExactly(expected);
    }

    @Test
    void fromPodSpec() {
        NodeSelectorMatcher matcher =
                NodeSelectorMatcher.of(Fixtures.specWithAffinity(required(expressions(req("zone", "In", "a")))));
        assertThat(matcher.hasRequiredAffinity()).isTrue();
        assertThat(matcher.matches(node("n", labels("zone", "a")))).isTrue();
        assertThat(matcher.matches(node("n", labels("zone", "b")))).isFalse();
        assertThat(NodeSelectorMatcher.of(Fixtures.spec()).matches(node("bare")))
                .isTrue();
    }

    @Test
    void doesNotMutateOrDependOnItsInputs() {
        Map<String, String> selector = labels("disktype", "ssd");
        NodeSelector required = required(expressions(req("zone", "In", "a")), fields(req("metadata.name", "In", "n")));
        String selectorBefore = selector.toString();
        String requiredBefore = Fixtures.json(required);
        Node node = node("n", labels("zone", "b"));
        String nodeBefore = Fixtures.json(node);

        NodeSelectorMatcher matcher = NodeSelectorMatcher.of(selector, required);
        matcher.matches(node, new ArrayList<>());

        assertThat(selector).hasToString(selectorBefore);
        assertThat(Fixtures.json(required)).isEqualTo(requiredBefore);
        assertThat(Fixtures.json(node)).isEqualTo(nodeBefore);

        // changing the inputs afterwards does not change the compiled matcher
        selector.put("disktype", "hdd");
        required.getNodeSelectorTerms().get(0).getMatchExpressions().get(0).setOperator("NotIn");
        assertThat(matcher.matches(node("n", labels("disktype", "ssd", "zone", "a"))))
                .isTrue();
    }
}
