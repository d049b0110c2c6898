package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal kube-scheduler: binds each unbound pod (sets spec.nodeName) to a node that passes
 * {@link PodFit}, preferring the node with the fewest pods; a pod that fits nowhere stays Pending with
 * a {@code PodScheduled=False} condition (reason Unschedulable) and a FailedScheduling event saying why.
 * Unschedulable pods are retried whenever a node changes.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    public static final String NAME = "default-scheduler";

    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final EventRecorder events;
    private final Clock clock;
    private final KeyedWorker worker;
    /**
     * The keys of the pods waiting for a node, retried when a node changes: kube-scheduler's queue of unschedulable
     * pods. A scan of every cached pod instead (150,000 in the benchmark's cluster) took a core's worth of
     * milliseconds from the API server whenever a node joined.
     */
    private final Set<String> unscheduled = ConcurrentHashMap.newKeySet();

    public Scheduler(
            KubernetesClient client, SharedIndexInformer<Pod> pods, SharedIndexInformer<Node> nodes, Clock clock) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
        this.clock = clock;
        this.events = new EventRecorder(client, NAME, clock);
        this.worker = new KeyedWorker("scheduler", this::schedule);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = Cache.metaNamespaceKeyFunc(pod);
                if (needsScheduling(pod)) {
                    unscheduled.add(key);
                    worker.enqueue(key);
                } else {
                    unscheduled.remove(key);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                onAdd(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                unscheduled.remove(Cache.metaNamespaceKeyFunc(pod));
            }
        });
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                retryUnscheduled();
            }

            @Override
            public void onUpdate(Node oldNode, Node node) {
                if (!Objects.equals(oldNode.getSpec(), node.getSpec())
                        || !Objects.equals(
                                oldNode.getMetadata().getLabels(),
                                node.getMetadata().getLabels())) {
                    retryUnscheduled();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                // pods bound to it are deleted by the garbage collector
            }
        });
    }

    static boolean needsScheduling(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String schedulerName = pod.getSpec().getSchedulerName();
        return (pod.getSpec().getNodeName() == null
                        || pod.getSpec().getNodeName().isEmpty())
                && pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(phase)
                && !"Failed".equals(phase)
                && (schedulerName == null || schedulerName.isEmpty() || NAME.equals(schedulerName))
                && (pod.getSpec().getSchedulingGates() == null
                        || pod.getSpec().getSchedulingGates().isEmpty());
    }

    private void retryUnscheduled() {
        unscheduled.forEach(worker::enqueue);
    }

    private void schedule(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null || !needsScheduling(pod)) {
            return;
        }
        Node pinned = pinnedNodeIfItFits(pod);
        if (pinned != null) {
            bind(pod, pinned.getMetadata().getName());
            return;
        }
        List<Node> candidates = new ArrayList<>();
        Map<String, Integer> rejections = new TreeMap<>();
        List<Node> all = nodes.getStore().list();
        for (Node node : all) {
            if (node.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String why = PodFit.whyNot(pod, node);
            if (why == null) {
                candidates.add(node);
            } else {
                rejections.merge(why, 1, Integer::sum);
            }
        }
        if (candidates.isEmpty()) {
            markUnschedulable(pod, all.size(), rejections);
            return;
        }
        if (candidates.size() == 1) {
            bind(pod, candidates.get(0).getMetadata().getName());
            return;
        }
        Map<String, Integer> load = new HashMap<>();
        for (Node node : candidates) {
            String name = node.getMetadata().getName();
            load.put(name, PodsByNode.on(pods, name).size());
        }
        Node chosen = candidates.stream()
                .min(Comparator.comparingInt(
                                (Node n) -> load.getOrDefault(n.getMetadata().getName(), 0))
                        .thenComparing(n -> n.getMetadata().getName()))
                .orElseThrow();
        bind(pod, chosen.getMetadata().getName());
    }

    /**
     * A daemon pod names its node (matchFields metadata.name): only that node can fit, so checking it
     * alone gives the same answer as filtering every node, without a scan of 5,000 nodes per pod. Null
     * when the pod is not pinned or its node does not fit (the full filter then words the reason).
     */
    private Node pinnedNodeIfItFits(Pod pod) {
        String name = PodFit.pinnedNode(pod);
        Node node = name == null ? null : nodes.getStore().getByKey(name);
        if (node == null || node.getMetadata().getDeletionTimestamp() != null || PodFit.whyNot(pod, node) != null) {
            return null;
        }
        return node;
    }

    private void bind(Pod pod, String nodeName) {
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"" + nodeName + "\"}}");
            LOG.debug(
                    "bound {}/{} to {}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    nodeName);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void markUnschedulable(Pod pod, int nodeCount, Map<String, Integer> rejections) {
        String message = rejections.isEmpty()
                ? "0/" + nodeCount + " nodes are available."
                : "0/" + nodeCount + " nodes are available: "
                        + rejections.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(", "))
                        + ".";
        PodCondition current = condition(pod, "PodScheduled");
        if (current != null && "False".equals(current.getStatus()) && message.equals(current.getMessage())) {
            return;
        }
        Pod copy = client.getKubernetesSerialization().clone(pod);
        PodStatus status = copy.getStatus() == null ? new PodStatus() : copy.getStatus();
        status.setPhase("Pending");
        List<PodCondition> conditions =
                new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .withLastTransitionTime(clock.instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString())
                .build());
        status.setConditions(conditions);
        copy.setStatus(status);
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .resource(copy)
                    .updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return;
            }
            throw e;
        }
        events.record(pod, "Warning", "FailedScheduling", message, null);
    }

    static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        worker.close();
    }
}
