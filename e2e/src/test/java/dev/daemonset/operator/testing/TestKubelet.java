package dev.daemonset.operator.testing;

import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Plays scheduler and kubelet for tests on the bare mock server, one pass per call: binds each
 * unbound daemon pod to the node it is pinned to and marks it Running and Ready if it passes the
 * filter. Called from inside an await loop, so the cluster advances as the test polls.
 */
public final class TestKubelet {
    private TestKubelet() {}

    public static void pass(KubernetesClient client, Predicate<Pod> becomesReady) {
        for (Pod pod : client.pods().inNamespace("default").list().getItems()) {
            try {
                Pod current = pod;
                if (!PodConditions.isScheduled(current) && PodTargets.targetNode(current) != null) {
                    current = client.pods()
                            .inNamespace("default")
                            .withName(pod.getMetadata().getName())
                            .edit(p -> new PodBuilder(p)
                                    .editSpec()
                                    .withNodeName(PodTargets.targetNode(p))
                                    .endSpec()
                                    .build());
                }
                if (!PodConditions.isReady(current) && becomesReady.test(current)) {
                    PodCondition ready = new PodCondition();
                    ready.setType("Ready");
                    ready.setStatus("True");
                    ready.setLastTransitionTime(Instant.now().minusSeconds(1).toString());
                    Pod running = new PodBuilder(current)
                            .editOrNewStatus()
                            .withPhase("Running")
                            .withConditions(ready)
                            .endStatus()
                            .build();
                    client.pods().inNamespace("default").resource(running).updateStatus();
                }
            } catch (KubernetesClientException e) {
                // deleted between list and update: the next pass sees the new state
            }
        }
    }
}
