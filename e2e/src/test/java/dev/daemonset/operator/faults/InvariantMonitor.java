package dev.daemonset.operator.faults;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches every pod and node change, in the order the API server made them, and checks after each
 * one what a user of the DaemonSets would notice going wrong:
 *
 * <ul>
 *   <li>never two live (not terminating) pods of one DaemonSet on one node, or two of one revision
 *       when surging (then at most two);</li>
 *   <li>once a rollout starts, never more nodes without an available pod than maxUnavailable, by
 *       one of two rules: {@link #armStrictBudget strict} (every unavailable eligible node counts;
 *       fair when nodes stay healthy) or {@link #armControllerCausedBudget controller-caused} (for
 *       flapping nodes: only nodes whose pod the operator deleted while it had been Ready for at
 *       least {@link #SETTLED_READY_MILLIS} ms on a Ready node, until the node has an available pod
 *       again or goes NotReady or away: unavailability the node caused is not the controller's);</li>
 *   <li>no pod deleted by an operator that no watched DaemonSet controlled ({@link #foreignDeletes}).</li>
 * </ul>
 *
 * The Ready-for-a-while condition makes the controller-caused rule fair to a controller whose cache
 * is milliseconds behind: a pod that only just became Ready may still look unready to it, and
 * replacing an unready pod is allowed at once.
 */
final class InvariantMonitor implements AutoCloseable {
    static final long SETTLED_READY_MILLIS = 1000;
    private static final int VIOLATIONS_KEPT = 25;

    private final FaultInjector injector;
    private final SharedIndexInformer<Pod> podInformer;
    private final SharedIndexInformer<Node> nodeInformer;
    private final Map<String, Watched> watchedByUid = new HashMap<>();
    private final Map<String, Pod> livePods = new HashMap<>();
    private final Map<String, Long> readySinceNanos = new HashMap<>();
    private final Map<String, String> controllerByPodName = new HashMap<>();
    private final Set<String> readyNodes = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private int violationCount;
    private long podEvents;
    private long nodeEvents;
    private long checks;

    private InvariantMonitor(KubernetesClient client, FaultInjector injector) {
        this.injector = injector;
        this.podInformer = client.pods().inAnyNamespace().runnableInformer(0);
        this.nodeInformer = client.nodes().runnableInformer(0);
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onPod(pod, false);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                onPod(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                onPod(pod, true);
            }
        });
        nodeInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                onNode(node, false);
            }

            @Override
            public void onUpdate(Node old, Node node) {
                onNode(node, false);
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                onNode(node, true);
            }
        });
    }

    /** Starts watching with a client the faults never touch; returns once both caches are filled. */
    static InvariantMonitor start(KubernetesClient client, FaultInjector injector) throws Exception {
        InvariantMonitor m = new InvariantMonitor(client, injector);
        m.nodeInformer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        m.podInformer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return m;
    }

    /** Checks the pods of {@code ds} from now on; {@code surge} allows a second pod (of the other revision) per node. */
    synchronized void watch(DaemonSet ds, boolean surge) {
        watchedByUid.put(
                ds.getMetadata().getUid(),
                new Watched(ds.getMetadata().getName(), ds.getMetadata().getUid(), surge ? 2 : 1));
    }

    /** From now on, at most {@code maxUnavailable} of {@code eligibleNodes} may lack an available pod of {@code ds}. */
    synchronized void armStrictBudget(DaemonSet ds, int maxUnavailable, Set<String> eligibleNodes) {
        Watched w = watched(ds);
        w.maxUnavailable = maxUnavailable;
        w.strictNodes = Set.copyOf(eligibleNodes);
        checkBudget(w, "rollout start");
    }

    /** From now on, at most {@code maxSurge} nodes may run two live pods of {@code ds} at once. */
    synchronized void armSurgeLimit(DaemonSet ds, int maxSurge) {
        watched(ds).maxSurging = maxSurge;
    }

    /** From now on, the operator may make at most {@code maxUnavailable} healthy nodes lose their available pod. */
    synchronized void armControllerCausedBudget(DaemonSet ds, int maxUnavailable) {
        Watched w = watched(ds);
        w.maxUnavailable = maxUnavailable;
        w.controllerCaused = new HashSet<>();
    }

    private Watched watched(DaemonSet ds) {
        return Objects.requireNonNull(
                watchedByUid.get(ds.getMetadata().getUid()),
                "not watched: " + ds.getMetadata().getName());
    }

    private synchronized void onPod(Pod pod, boolean deleted) {
        podEvents++;
        String uid = pod.getMetadata().getUid();
        OwnerReference controller = controllerOf(pod);
        // the last state before a delete is what the deleting operator saw
        controllerByPodName.put(pod.getMetadata().getName(), controller == null ? "" : controller.getUid());
        Watched w = controller == null ? null : watchedByUid.get(controller.getUid());
        String node = targetNode(pod);
        boolean settledReady = isSettledReady(uid);
        if (deleted) {
            livePods.remove(uid);
            readySinceNanos.remove(uid);
        } else {
            livePods.put(uid, pod);
            if (isReady(pod) && !isDeleting(pod)) {
                readySinceNanos.putIfAbsent(uid, System.nanoTime());
            } else {
                readySinceNanos.remove(uid);
            }
        }
        if (w == null || node == null) {
            return;
        }
        checkPodsPerNode(w, controller.getUid(), node);
        if (w.controllerCaused != null) {
            if (deleted
                    && settledReady
                    && readyNodes.contains(node)
                    && injector.operatorSentDelete(pod.getMetadata().getName())) {
                w.controllerCaused.add(node);
            }
            if (hasAvailablePod(controller.getUid(), node)) {
                w.controllerCaused.remove(node);
            }
        }
        checkBudget(w, (deleted ? "deleted " : "changed ") + pod.getMetadata().getName() + " on " + node);
    }

    private synchronized void onNode(Node node, boolean deleted) {
        nodeEvents++;
        String name = node.getMetadata().getName();
        if (!deleted && isReady(node)) {
            readyNodes.add(name);
            return;
        }
        readyNodes.remove(name);
        for (Watched w : watchedByUid.values()) {
            if (w.controllerCaused != null) {
                w.controllerCaused.remove(name);
            }
        }
    }

    private void checkPodsPerNode(Watched w, String dsUid, String node) {
        checks++;
        List<Pod> onNode = new ArrayList<>();
        for (Pod p : livePods.values()) {
            if (!isDeleting(p) && node.equals(targetNode(p)) && isControlledBy(p, dsUid)) {
                onNode.add(p);
            }
        }
        long revisions = onNode.stream()
                .map(p -> p.getMetadata().getLabels().get("controller-revision-hash"))
                .distinct()
                .count();
        if (onNode.size() > w.podsPerNode || revisions < onNode.size()) {
            violation(w.name + ": " + onNode.size() + " live pods on " + node + ": "
                    + onNode.stream()
                            .map(p -> p.getMetadata().getName() + " created "
                                    + p.getMetadata().getCreationTimestamp() + " by "
                                    + injector.creatorOf(p.getMetadata().getName()) + " rv "
                                    + p.getMetadata().getResourceVersion())
                            .toList());
        }
        if (w.maxSurging >= 0) {
            checkSurging(w, dsUid);
        }
    }

    private void checkSurging(Watched w, String dsUid) {
        checks++;
        Map<String, Integer> liveByNode = new HashMap<>();
        for (Pod p : livePods.values()) {
            String node = targetNode(p);
            if (node != null && !isDeleting(p) && isControlledBy(p, dsUid)) {
                liveByNode.merge(node, 1, Integer::sum);
            }
        }
        int surging = (int) liveByNode.values().stream().filter(n -> n > 1).count();
        w.peakSurging = Math.max(w.peakSurging, surging);
        if (surging > w.maxSurging) {
            violation(w.name + ": " + surging + " nodes with two pods, maxSurge " + w.maxSurging);
        }
    }

    private void checkBudget(Watched w, String after) {
        if (w.maxUnavailable < 0) {
            return;
        }
        checks++;
        int unavailable;
        String dsUid = w.uid;
        if (w.strictNodes != null) {
            unavailable = 0;
            for (String node : w.strictNodes) {
                if (!hasAvailablePod(dsUid, node)) {
                    unavailable++;
                }
            }
        } else {
            unavailable = w.controllerCaused.size();
        }
        w.peakUnavailable = Math.max(w.peakUnavailable, unavailable);
        if (unavailable > w.maxUnavailable) {
            violation(
                    w.name + ": " + unavailable + " nodes unavailable, maxUnavailable " + w.maxUnavailable + " (after "
                            + after + (w.controllerCaused != null ? ", caused on " + w.controllerCaused : "") + ")");
        }
    }

    private boolean hasAvailablePod(String dsUid, String node) {
        for (Pod p : livePods.values()) {
            if (!isDeleting(p) && isReady(p) && node.equals(targetNode(p)) && isControlledBy(p, dsUid)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSettledReady(String podUid) {
        Long since = readySinceNanos.get(podUid);
        return since != null && System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(SETTLED_READY_MILLIS);
    }

    private void violation(String message) {
        violationCount++;
        if (violations.size() < VIOLATIONS_KEPT) {
            violations.add(message);
        }
    }

    /** Pods an operator sent a delete for that no watched DaemonSet controlled (or that the monitor never saw). */
    synchronized List<String> foreignDeletes() {
        List<String> out = new ArrayList<>();
        for (OperatorCall call : injector.calls()) {
            if (call.isPodDelete()) {
                String controller = controllerByPodName.get(call.podName());
                if (controller == null || !watchedByUid.containsKey(controller)) {
                    out.add(call.podName()
                            + (controller == null ? " (never seen)" : " (controlled by " + controller + ")"));
                }
            }
        }
        return out;
    }

    synchronized List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        if (violationCount > violations.size()) {
            out.add("... and " + (violationCount - violations.size()) + " more");
        }
        return out;
    }

    synchronized long podEvents() {
        return podEvents;
    }

    synchronized long nodeEvents() {
        return nodeEvents;
    }

    synchronized long checks() {
        return checks;
    }

    synchronized int peakUnavailable(DaemonSet ds) {
        return watched(ds).peakUnavailable;
    }

    synchronized int peakSurging(DaemonSet ds) {
        return watched(ds).peakSurging;
    }

    /** Live, Ready pods of {@code ds} running {@code image}, as the monitor sees them now. */
    synchronized int readyPodsWithImage(DaemonSet ds, String image) {
        int n = 0;
        for (Pod p : livePods.values()) {
            if (isControlledBy(p, ds.getMetadata().getUid())
                    && !isDeleting(p)
                    && isReady(p)
                    && image.equals(p.getSpec().getContainers().get(0).getImage())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        podInformer.close();
        nodeInformer.close();
    }

    private static final class Watched {
        final String name;
        final String uid;
        final int podsPerNode;
        int maxUnavailable = -1;
        int maxSurging = -1;
        int peakSurging;
        Set<String> strictNodes;
        Set<String> controllerCaused;
        int peakUnavailable;

        Watched(String name, String uid, int podsPerNode) {
            this.name = name;
            this.uid = uid;
            this.podsPerNode = podsPerNode;
        }
    }

    static OwnerReference controllerOf(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst()
                .orElse(null);
    }

    private static boolean isControlledBy(Pod pod, String uid) {
        OwnerReference c = controllerOf(pod);
        return c != null && uid.equals(c.getUid());
    }

    static boolean isDeleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean isReady(Node node) {
        return node.getStatus() != null
                && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The node a daemon pod is bound to, or pinned to by its {@code metadata.name} node affinity before binding. */
    static String targetNode(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        if (pod.getSpec().getAffinity() == null
                || pod.getSpec().getAffinity().getNodeAffinity() == null
                || pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                        == null) {
            return null;
        }
        for (NodeSelectorTerm term : pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r :
                    term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if ("metadata.name".equals(r.getKey())
                        && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().get(0);
                }
            }
        }
        return null;
    }
}
