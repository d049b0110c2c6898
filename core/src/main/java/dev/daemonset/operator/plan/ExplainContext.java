package dev.daemonset.operator.plan;

/**
 * What the controller's decision for one node is, with what it takes into account. {@code serving}: the spec
 * is invalid and the last valid revision is served (creates and deletes, no rollout).
 */
record ExplainContext(
        boolean valid, boolean serving, boolean deleting, EffectiveSpec spec, String updateHash, boolean surge) {
    boolean acts() {
        return (valid || serving) && !deleting;
    }

    boolean rolls() {
        return valid && !deleting;
    }
}
