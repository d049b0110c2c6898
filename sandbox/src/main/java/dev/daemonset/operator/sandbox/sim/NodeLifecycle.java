package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node lifecycle controller (plus node registration). A node annotated
 * {@code sandbox.daemonset.dev/kubelet=stopped} gets Ready=Unknown, the taints
 * {@code node.kubernetes.io/unreachable} NoSchedule and NoExecute, and its pods Ready=False; without the
 * annotation the node is Ready=True and untainted again (the kubelet then makes its pods Ready).
 * A cordoned node ({@code spec.unschedulable}) gets the {@code node.kubernetes.io/unschedulable:NoSchedule}
 * taint. A node created without status (e.g. {@code kubectl apply} of a Node manifest) gets the status of
 * a healthy node and a podCIDR, as if its kubelet had registered it.
 */
public final class NodeLifecycle implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final Clock clock;
    private final KeyedWorker worker;
    private final AtomicInteger nextIndex;
    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();

    public NodeLifecycle(
            KubernetesClient client,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Node> nodes,
            Clock clock,
            int firstFreeIndex) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
        this.clock = clock;
        this.nextIndex = new AtomicInteger(firstFreeIndex);
        this.worker = new KeyedWorker("node-lifecycle", this::sync);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                worker.enqueue(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node oldNode, Node node) {
                worker.enqueue(node.getMetadata().getName());
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                indexes.remove(node.getMetadata().getName());
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String nodeName = pod.getSpec().getNodeName();
                if (nodeName != null) {
                    Node node = nodes.getStore().getByKey(nodeName);
                    if (node != null && SimNodes.isKubeletStopped(node) && isReady(pod)) {
                        worker.enqueue(nodeName);
                    }
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                onAdd(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                // nothing to do
            }
        });
    }

    private void sync(String name) {
        Node node = nodes.getStore().getByKey(name);
        if (node == null || node.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        boolean stopped = SimNodes.isKubeletStopped(node);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        int index = indexes.computeIfAbsent(name, n -> nextIndex.getAndIncrement());

        NodeSpec nodeSpec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
        List<Taint> current = nodeSpec.getTaints() == null ? List.of() : nodeSpec.getTaints();
        List<Taint> desired = new ArrayList<>();
        for (Taint t : current) {
            if (!SimNodes.UNREACHABLE_TAINT.equals(t.getKey()) && !PodFit.UNSCHEDULABLE_TAINT.equals(t.getKey())) {
                desired.add(t);
            }
        }
        if (stopped) {
            desired.add(existingOr(current, SimNodes.UNREACHABLE_TAINT, "NoSchedule", null));
            desired.add(existingOr(current, SimNodes.UNREACHABLE_TAINT, "NoExecute", now));
        }
        if (Boolean.TRUE.equals(nodeSpec.getUnschedulable())) {
            desired.add(existingOr(current, PodFit.UNSCHEDULABLE_TAINT, "NoSchedule", now));
        }
        boolean needsCidr =
                nodeSpec.getPodCIDR() == null || nodeSpec.getPodCIDR().isEmpty();
        if (!sameTaints(current, desired) || needsCidr) {
            Map<String, Object> spec = new java.util.LinkedHashMap<>();
            spec.put("taints", desired.isEmpty() ? null : desired);
            if (needsCidr) {
                spec.put("podCIDR", SimNodes.podCidr(index));
                spec.put("podCIDRs", List.of(SimNodes.podCidr(index)));
            }
            patch(name, Map.of("spec", spec));
        }

        NodeStatus status = node.getStatus();
        boolean registered = status != null
                && status.getNodeInfo() != null
                && status.getConditions() != null
                && !status.getConditions().isEmpty();
        String readyStatus = readyStatus(node);
        String wantReady = stopped ? "Unknown" : "True";
        if (!registered || !wantReady.equals(readyStatus)) {
            Node copy = client.getKubernetesSerialization().clone(node);
            NodeStatus newStatus = registered ? copy.getStatus() : SimNodes.healthyStatus(name, index, now);
            newStatus.setConditions(SimNodes.conditions(!stopped, now));
            copy.setStatus(newStatus);
            try {
                client.nodes().resource(copy).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        if (stopped) {
            markPodsNotReady(name, now);
        }
    }

    private static Taint existingOr(List<Taint> current, String key, String effect, String timeAdded) {
        return current.stream()
                .filter(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()))
                .findFirst()
                .orElseGet(() -> new TaintBuilder()
                        .withKey(key)
                        .withEffect(effect)
                        .withTimeAdded(timeAdded)
                        .build());
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        return a.size() == b.size()
                && a.stream()
                        .map(t -> t.getKey() + ":" + t.getEffect() + "=" + t.getValue())
                        .toList()
                        .equals(b.stream()
                                .map(t -> t.getKey() + ":" + t.getEffect() + "=" + t.getValue())
                                .toList());
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElse(null);
    }

    private void markPodsNotReady(String nodeName, String now) {
        for (Pod pod : PodsByNode.on(pods, nodeName)) {
            if (!isReady(pod)) {
                continue;
            }
            Pod copy = client.getKubernetesSerialization().clone(pod);
            for (PodCondition c : copy.getStatus().getConditions()) {
                if ("Ready".equals(c.getType()) || "ContainersReady".equals(c.getType())) {
                    c.setStatus("False");
                    c.setReason("NodeNotReady");
                    c.setMessage("Node " + nodeName + " is not ready");
                    c.setLastTransitionTime(now);
                }
            }
            if (copy.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus cs : copy.getStatus().getContainerStatuses()) {
                    cs.setReady(false);
                }
            }
            try {
                client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .resource(copy)
                        .updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void patch(String name, Map<String, Object> body) {
        try {
            client.nodes()
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            client.getKubernetesSerialization().asJson(body));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Remembers the address index of a node the sandbox created. */
    void register(String name, int index) {
        indexes.put(name, index);
    }

    @Override
    public void close() {
        worker.close();
    }
}
