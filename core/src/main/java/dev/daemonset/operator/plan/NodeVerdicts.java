package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every node judged by a DaemonSet's eligibility rules, as the planners take them. */
public final class NodeVerdicts {
    private NodeVerdicts() {}

    /** Node labels are carried only when a canary selector needs them ({@code needLabels}). */
    public static List<NodeVerdict> of(EligibilityRules rules, boolean needLabels, List<Node> nodes) {
        List<NodeVerdict> verdicts = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            Map<String, String> labels = needLabels && node.getMetadata().getLabels() != null
                    ? node.getMetadata().getLabels()
                    : Map.of();
            verdicts.add(new NodeVerdict(node.getMetadata().getName(), rules.evaluate(node), labels));
        }
        return verdicts;
    }
}
