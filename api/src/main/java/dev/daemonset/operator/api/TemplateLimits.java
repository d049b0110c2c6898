package dev.daemonset.operator.api;

/**
 * Size limits inside {@code spec.template}, this project's own (apps/v1 has none of them). The API server
 * estimates a CEL rule's cost from the largest lists, maps and strings the schema allows and multiplies it
 * by how many times the rule's node can occur; without bounds the rules on tolerations, node affinity and
 * labels would not fit its budget. Every limit is far above any real DaemonSet (kube-proxy, Calico, Cilium
 * and the like use a handful of each). The controller checks the same numbers, so both layers agree.
 */
public final class TemplateLimits {
    /** Template labels: the selector's (at most {@link SelectorLimits#MAX_MATCH_LABELS}) and as many more. */
    public static final int MAX_TEMPLATE_LABELS = 128;

    public static final int MAX_NODE_SELECTOR_LABELS = 64;
    public static final int MAX_CONTAINERS = 64;
    public static final int MAX_INIT_CONTAINERS = 64;
    public static final int MAX_TOLERATIONS = 128;
    /** Required terms, and preferred terms, each. */
    public static final int MAX_NODE_SELECTOR_TERMS = 32;
    /** matchExpressions, and matchFields, in one term each. */
    public static final int MAX_NODE_SELECTOR_REQUIREMENTS = 32;

    public static final int MAX_REQUIREMENT_VALUES = 256;
    /** A label key: a 253-character DNS prefix, '/', a 63-character name. */
    public static final int MAX_LABEL_KEY_LENGTH = 253 + 1 + 63;

    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    /** A node name compared by matchFields: a DNS subdomain. */
    public static final int MAX_NODE_NAME_LENGTH = 253;

    public static final int MAX_CONTAINER_NAME_LENGTH = 63;

    private TemplateLimits() {}
}
