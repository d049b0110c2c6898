package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.plan.NodeOrder;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The node store the informer fills: what a sync walks, in the order a rollout takes the nodes. */
class TrimmingItemStoreTest {
    @Test
    void aSortedStoreListsNodesInNaturalOrderWhateverOrderTheyCameIn() {
        TrimmingItemStore<Node> store = TrimmingItemStore.sortedBy(NodeOrder.NATURAL, UnaryOperator.identity());
        for (String name : List.of("worker-10", "worker-2", "control-plane", "worker-1", "worker-100", "gpu-3")) {
            store.put(name, Fixtures.node(name));
        }
        store.remove("worker-100");
        store.put("worker-2", Fixtures.node("worker-2"));

        assertThat(store.values().map(n -> n.getMetadata().getName()))
                .containsExactly("control-plane", "gpu-3", "worker-1", "worker-2", "worker-10");
        assertThat(store.keySet()).containsExactly("control-plane", "gpu-3", "worker-1", "worker-2", "worker-10");
        assertThat(store.size()).isEqualTo(5);
        assertThat(store.get("worker-100")).isNull();
    }

    @Test
    void whatTheStoreKeepsIsTheTrimmedObject() {
        TrimmingItemStore<Node> store = TrimmingItemStore.sortedBy(NodeOrder.NATURAL, TrimmedNodes::trim);
        Node full = Fixtures.node("worker-1");
        full.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .build());

        store.put("worker-1", full);

        assertThat(store.get("worker-1").getStatus()).isNull();
        assertThat(store.get("worker-1").getMetadata().getName()).isEqualTo("worker-1");
    }
}
