package dev.daemonset.operator.sandbox;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The invariants upstream's "should surge pods onto nodes when spec was updated and update strategy is
 * RollingUpdate" checks during the rollout, evaluated after every pod watch event (and on every poll, for the
 * one that depends on time alone) instead of on a one-second poll of the pod list, so a state that lasts a
 * few milliseconds is checked too.
 *
 * <p>Upstream's rules, for the pods the DaemonSet controls; a pod's version is its first env var's value:
 * <ul>
 *   <li>no node has more than one pod being deleted (unless the test deleted it);</li>
 *   <li>no old pod runs beside a pod of the new version for longer than {@code maxSurgeOverlap};</li>
 *   <li>new-version pods that are unavailable or being deleted are at most maxSurge + unavailable old pods
 *       + new pods the test deleted + nodes without an old pod;</li>
 *   <li>at most two versions at once;</li>
 *   <li>per node: at most one live pod of a version, at most two of a version being deleted, at most two of
 *       a version in all.</li>
 * </ul>
 *
 * <p>Two differences, both so the rules mean what they say: upstream never fills the set of versions it
 * counts (its {@code versions} is shadowed), so "at most two versions" could not fail there; here it counts.
 * And a pod not yet bound counts on the node its node affinity pins it to, where upstream counts it under
 * the empty node name: upstream's one-second poll rarely sees an unbound daemon pod, an observation per
 * event sees every one.
 */
final class UpstreamSurgeInvariants implements AutoCloseable {
    private static final int VIOLATIONS_KEPT = 20;

    private final String dsUid;
    private final int minReadySeconds;
    private final int maxSurge;
    private final Duration maxSurgeOverlap;
    private final String oldVersion;
    private final String newVersion;
    private final Map<String, Pod> podsByUid = new LinkedHashMap<>();
    private final Map<String, Map<String, Instant>> nodeToAgeOfOldPod = new HashMap<>();
    private final Set<String> deliberatelyDeletedPods = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private int violationCount;
    private int observations;
    private int podEvents;
    private Watch watch;
    private WatcherException watchFailure;

    /** What one observation saw, for the test's "is the rollout done" check and its fault injection. */
    record Observation(
            List<Pod> pods,
            Map<String, Map<String, Integer>> nodesToVersions,
            Map<String, Map<String, Integer>> nodesToDeletedVersions,
            int newUnavailableCount) {
        /** Upstream's completion rule, for the nodes that should run the daemon. */
        boolean rolledOut(Collection<String> schedulableNodes, String newVersion) {
            for (String node : schedulableNodes) {
                Map<String, Integer> versions = nodesToVersions.getOrDefault(node, Map.of());
                if (versions.getOrDefault(newVersion, 0) == 0
                        || versions.size() > 1
                        || !nodesToDeletedVersions.getOrDefault(node, Map.of()).isEmpty()
                        || newUnavailableCount > 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private UpstreamSurgeInvariants(
            DaemonSet ds, int maxSurge, Duration maxSurgeOverlap, String oldVersion, String newVersion) {
        this.dsUid = ds.getMetadata().getUid();
        this.minReadySeconds =
                ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        this.maxSurge = maxSurge;
        this.maxSurgeOverlap = maxSurgeOverlap;
        this.oldVersion = oldVersion;
        this.newVersion = newVersion;
    }

    /** Lists the namespace's pods and checks every change from that list on. */
    static UpstreamSurgeInvariants watch(
            KubernetesClient client,
            DaemonSet ds,
            int maxSurge,
            Duration maxSurgeOverlap,
            String oldVersion,
            String newVersion) {
        UpstreamSurgeInvariants invariants =
                new UpstreamSurgeInvariants(ds, maxSurge, maxSurgeOverlap, oldVersion, newVersion);
        String namespace = ds.getMetadata().getNamespace();
        PodList list = client.pods().inNamespace(namespace).list();
        synchronized (invariants) {
            list.getItems()
                    .forEach(p -> invariants.podsByUid.put(p.getMetadata().getUid(), p));
            invariants.observe("the initial list");
        }
        invariants.watch = client.pods()
                .inNamespace(namespace)
                .watch(
                        new ListOptionsBuilder()
                                .withResourceVersion(list.getMetadata().getResourceVersion())
                                .build(),
                        new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, Pod pod) {
                                invariants.onEvent(action, pod);
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                synchronized (invariants) {
                                    invariants.watchFailure = cause;
                                }
                            }
                        });
        return invariants;
    }

    private synchronized void onEvent(Watcher.Action action, Pod pod) {
        String uid = pod.getMetadata().getUid();
        switch (action) {
            case ADDED, MODIFIED -> podsByUid.put(uid, pod);
            case DELETED -> podsByUid.remove(uid);
            default -> {
                return;
            }
        }
        podEvents++;
        observe(action + " " + pod.getMetadata().getName());
    }

    /** The test deleted this pod on purpose: it may be replaced, and its node's overlap clock starts again. */
    synchronized void deliberatelyDeleted(Pod pod) {
        deliberatelyDeletedPods.add(pod.getMetadata().getUid());
        nodeToAgeOfOldPod.remove(targetNode(pod));
    }

    /** Checks the pods as last seen, at this moment (availability and the overlap clock depend on time). */
    synchronized Observation observe(String after) {
        if (watchFailure != null) {
            violation("the pod watch failed, events after it were not checked: " + watchFailure);
        }
        observations++;
        Instant now = Instant.now();
        List<Pod> pods = new ArrayList<>();
        Set<String> podUids = new HashSet<>();
        Set<String> deletedPodUids = new HashSet<>();
        Set<String> nodes = new TreeSet<>();
        Set<String> versions = new TreeSet<>();
        Map<String, Map<String, Integer>> nodesToVersions = new TreeMap<>();
        Map<String, Map<String, Integer>> nodesToDeletedVersions = new TreeMap<>();
        Map<String, Integer> deletedPerNode = new TreeMap<>();
        int newUnavailableCount = 0;
        int newDeliberatelyDeletedCount = 0;
        int oldUnavailableCount = 0;
        for (Pod pod : podsByUid.values()) {
            if (!isControlledBy(pod, dsUid)) {
                continue;
            }
            pods.add(pod);
            String uid = pod.getMetadata().getUid();
            String node = targetNode(pod);
            String version = versionOf(pod);
            boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
            boolean deliberate = deliberatelyDeletedPods.contains(uid);
            nodes.add(node);
            versions.add(version);
            if (deleting) {
                deletedPodUids.add(uid);
                if (!deliberate) {
                    nodesToDeletedVersions
                            .computeIfAbsent(node, n -> new TreeMap<>())
                            .merge(version, 1, Integer::sum);
                    deletedPerNode.merge(node, 1, Integer::sum);
                }
            } else {
                podUids.add(uid);
                nodesToVersions.computeIfAbsent(node, n -> new TreeMap<>()).merge(version, 1, Integer::sum);
            }
            boolean unavailable = !isAvailable(pod, minReadySeconds, now) || deleting;
            if (newVersion.equals(version)) {
                if (unavailable) {
                    if (deliberate) {
                        newDeliberatelyDeletedCount++;
                    }
                    newUnavailableCount++;
                }
            } else if (unavailable) {
                oldUnavailableCount++;
            }
        }
        // an old pod beside a pod of the new version: remember since when
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null || newVersion.equals(versionOf(pod))) {
                continue;
            }
            String node = targetNode(pod);
            if (nodesToVersions.getOrDefault(node, Map.of()).getOrDefault(newVersion, 0) > 0) {
                nodeToAgeOfOldPod
                        .computeIfAbsent(node, n -> new HashMap<>())
                        .putIfAbsent(pod.getMetadata().getUid(), now);
            } else {
                nodeToAgeOfOldPod.remove(node);
            }
        }
        nodeToAgeOfOldPod.values().forEach(byUid -> byUid.keySet().retainAll(podUids));
        nodeToAgeOfOldPod.values().removeIf(Map::isEmpty);
        deliberatelyDeletedPods.retainAll(deletedPodUids);
        int nodesWithoutOldVersion = (int) nodesToVersions.values().stream()
                .filter(v -> v.getOrDefault(oldVersion, 0) == 0)
                .count();

        List<String> errs = new ArrayList<>();
        deletedPerNode.forEach((node, count) -> {
            if (count > 1) {
                errs.add("node " + node + " has " + count + " deleted pods");
            }
        });
        nodeToAgeOfOldPod.forEach((node, byUid) -> byUid.forEach((uid, firstSeen) -> {
            if (Duration.between(firstSeen, now).compareTo(maxSurgeOverlap) > 0) {
                errs.add("an old pod " + uid + " on node " + node + " has run beside a newer version for longer than "
                        + maxSurgeOverlap.toSeconds() + "s");
            }
        }));
        if (newUnavailableCount
                > maxSurge + oldUnavailableCount + newDeliberatelyDeletedCount + nodesWithoutOldVersion) {
            errs.add(newUnavailableCount + " new pods unavailable, more than maxSurge " + maxSurge
                    + " + old unavailable "
                    + oldUnavailableCount + " + new ones deleted on purpose " + newDeliberatelyDeletedCount
                    + " + nodes without an old pod " + nodesWithoutOldVersion);
        }
        if (versions.size() > 2) {
            errs.add(versions.size() + " versions at once " + versions + ", at most 2");
        }
        for (String node : nodes) {
            if (node.isEmpty()) {
                continue;
            }
            Map<String, Integer> versionCount = new TreeMap<>();
            nodesToVersions.getOrDefault(node, Map.of()).forEach((version, count) -> {
                if (count > 1) {
                    errs.add("node " + node + " runs " + count + " pods of version " + version + ", at most 1");
                }
                versionCount.merge(version, count, Integer::sum);
            });
            nodesToDeletedVersions.getOrDefault(node, Map.of()).forEach((version, count) -> {
                if (count > 2) {
                    errs.add("node " + node + " has " + count + " pods of version " + version
                            + " being deleted, at most 2");
                }
                versionCount.merge(version, count, Integer::sum);
            });
            versionCount.forEach((version, count) -> {
                if (count > 2) {
                    errs.add("node " + node + " has " + count + " pods of version " + version + " in all, at most 2");
                }
            });
        }
        if (!errs.isEmpty()) {
            violation("after " + after + ": " + String.join("; ", errs) + "\n" + table(pods, now));
        }
        return new Observation(List.copyOf(pods), nodesToVersions, nodesToDeletedVersions, newUnavailableCount);
    }

    private void violation(String message) {
        violationCount++;
        if (violations.size() < VIOLATIONS_KEPT) {
            violations.add(message);
        }
    }

    synchronized List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        if (violationCount > violations.size()) {
            out.add("... and " + (violationCount - violations.size()) + " more");
        }
        return out;
    }

    /** Every check, after an event or on a poll. */
    synchronized int observations() {
        return observations;
    }

    synchronized int podEvents() {
        return podEvents;
    }

    private String table(List<Pod> pods, Instant now) {
        List<String> rows = new ArrayList<>();
        for (Pod pod : pods) {
            rows.add(String.format(
                    "  %-18s %-3s %-20s deleting=%-5s available=%s",
                    targetNode(pod),
                    versionOf(pod),
                    pod.getMetadata().getName(),
                    pod.getMetadata().getDeletionTimestamp() != null,
                    isAvailable(pod, minReadySeconds, now)));
        }
        rows.sort(null);
        return "  node               ver name                 \n" + String.join("\n", rows);
    }

    /** The value of the pod's first env var: the version the surge test rolls from and to. */
    static String versionOf(Pod pod) {
        var env = pod.getSpec().getContainers().get(0).getEnv();
        return env == null || env.isEmpty() ? "" : env.get(0).getValue();
    }

    /** Ready for longer than minReadySeconds, as upstream's podutil.IsPodAvailable. */
    static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                if (!"True".equals(c.getStatus())) {
                    return false;
                }
                if (minReadySeconds <= 0) {
                    return true;
                }
                return c.getLastTransitionTime() != null
                        && Instant.parse(c.getLastTransitionTime())
                                .plusSeconds(minReadySeconds)
                                .isBefore(now);
            }
        }
        return false;
    }

    static boolean isControlledBy(Pod pod, String uid) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        return refs != null
                && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
    }

    /** The node the pod is bound to, or the one its node affinity pins it to while unbound, or "". */
    static String targetNode(Pod pod) {
        String bound = pod.getSpec().getNodeName();
        if (bound != null && !bound.isEmpty()) {
            return bound;
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null
                || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return "";
        }
        for (NodeSelectorTerm term : affinity.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r :
                    term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if ("metadata.name".equals(r.getKey())
                        && "In".equals(r.getOperator())
                        && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().get(0);
                }
            }
        }
        return "";
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
