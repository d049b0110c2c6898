package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The node the cache keeps: what eligibility reads (name, labels, taints, whether it is cordoned)
 * and its identity. A real node's status (images, conditions, addresses, capacity) and managedFields
 * are most of its 10 to 20 KiB, and nothing here reads them.
 *
 * <p>Assumptions / Invariants: eligibility ({@code EligibilityRules}, {@code NodeSelectorMatcher}) and
 * the node event handler read nothing of a node beyond what is kept here.
 */
final class TrimmedNodes {
    private TrimmedNodes() {}

    static Node trim(Node full) {
        Node node = LeanModel.node();
        node.setApiVersion(LeanModel.shared(full.getApiVersion()));
        node.setKind(LeanModel.shared(full.getKind()));
        ObjectMeta from = full.getMetadata();
        ObjectMeta meta = LeanModel.meta(from);
        meta.setName(LeanModel.shared(from.getName()));
        meta.setLabels(LeanModel.sharedOrderedMap(from.getLabels()));
        meta.setCreationTimestamp(from.getCreationTimestamp());
        meta.setDeletionTimestamp(from.getDeletionTimestamp());
        node.setMetadata(meta);
        if (full.getSpec() != null) {
            NodeSpec spec = LeanModel.nodeSpec();
            spec.setTaints(LeanModel.listOf(full.getSpec().getTaints(), LeanModel::taint));
            spec.setUnschedulable(full.getSpec().getUnschedulable());
            node.setSpec(spec);
        }
        return node;
    }
}
