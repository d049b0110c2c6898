package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.exec.EventRecorder;
import dev.daemonset.operator.exec.PodControl;
import dev.daemonset.operator.exec.RevisionControl;
import dev.daemonset.operator.exec.StatusWriter;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Pre-filled caches plus recording fakes for every write, as upstream's controller tests use: call
 * sync, then count what it wrote. Created pods do not show up in the cache until {@link #observe}.
 * Pods and nodes are read back trimmed as the informers' stores keep them, so that every test of a
 * sync also proves the sync needs nothing the cache drops.
 */
final class FakeCluster implements ClusterView, PodControl, StatusWriter, EventRecorder, RevisionControl {
    final Map<String, DaemonSet> daemonSets = new LinkedHashMap<>();
    final List<Node> nodes = new ArrayList<>();
    final List<Pod> pods = Collections.synchronizedList(new ArrayList<>());
    final Map<String, ControllerRevision> revisions = new LinkedHashMap<>();
    final List<Pod> created = Collections.synchronizedList(new ArrayList<>());
    final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    final List<DaemonSetStatus> statusWrites = new ArrayList<>();
    final List<PlannedEvent> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger createAttempts = new AtomicInteger();
    Predicate<Integer> createFails = attempt -> false;
    /** Runs right after the reconciler has read the pods of a DaemonSet: an informer event arriving just then. */
    Runnable afterPodsRead = () -> {};
    /** The create is lost on the way and the client times out: nothing is created, nothing is observed. */
    Predicate<Integer> createTimesOut = attempt -> false;
    /** Every create is refused as in a namespace being deleted. */
    boolean namespaceTerminating;

    @Override
    public DaemonSet daemonSet(DaemonSetKey key) {
        return daemonSets.get(key.toString());
    }

    @Override
    public List<DaemonSet> daemonSets() {
        return List.copyOf(daemonSets.values());
    }

    @Override
    public List<Node> nodes() {
        return nodes.stream().map(TrimmedNodes::trim).toList();
    }

    @Override
    public Node node(String name) {
        return nodes.stream()
                .filter(n -> name.equals(n.getMetadata().getName()))
                .map(TrimmedNodes::trim)
                .findFirst()
                .orElse(null);
    }

    @Override
    public List<Pod> podsControlledBy(String ownerUid) {
        List<Pod> read;
        synchronized (pods) {
            read = pods.stream()
                    .filter(p -> {
                        OwnerReference ref = Owners.controllerOf(p);
                        return ref != null && ownerUid.equals(ref.getUid());
                    })
                    .map(TrimmedPods::trim)
                    .toList();
        }
        afterPodsRead.run();
        return read;
    }

    @Override
    public List<Pod> orphanPods(String namespace) {
        synchronized (pods) {
            return pods.stream()
                    .filter(p -> Owners.controllerOf(p) == null)
                    .map(TrimmedPods::trim)
                    .toList();
        }
    }

    @Override
    public List<Pod> podsOnNode(String nodeName) {
        synchronized (pods) {
            return pods.stream()
                    .filter(p -> nodeName.equals(PodTargets.targetNode(p)))
                    .map(TrimmedPods::trim)
                    .toList();
        }
    }

    @Override
    public List<ControllerRevision> revisionsControlledBy(String ownerUid) {
        return revisions.values().stream()
                .filter(r -> {
                    OwnerReference ref = Owners.controllerOf(r);
                    return ref != null && ownerUid.equals(ref.getUid());
                })
                .toList();
    }

    @Override
    public List<ControllerRevision> orphanRevisions(String namespace) {
        return revisions.values().stream()
                .filter(r -> Owners.controllerOf(r) == null)
                .toList();
    }

    @Override
    public ControllerRevision create(ControllerRevision revision) {
        if (revisions.containsKey(revision.getMetadata().getName())) {
            throw new KubernetesClientException("already exists", 409, null);
        }
        revision.getMetadata().setUid(UUID.randomUUID().toString());
        revision.getMetadata().setResourceVersion("1");
        revisions.put(revision.getMetadata().getName(), revision);
        return revision;
    }

    @Override
    public ControllerRevision get(String namespace, String name) {
        return revisions.get(name);
    }

    @Override
    public void renumber(ControllerRevision revision, long number) {
        revision.setRevision(number);
        revision.getMetadata().setResourceVersion(String.valueOf(number + 1));
    }

    @Override
    public void delete(String namespace, String name) {
        revisions.remove(name);
    }

    @Override
    public void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences) {
        revision.getMetadata().setOwnerReferences(ownerReferences);
    }

    @Override
    public void annotate(ControllerRevision revision, String key, String value) {
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        if (revision.getMetadata().getAnnotations() != null) {
            annotations.putAll(revision.getMetadata().getAnnotations());
        }
        annotations.put(key, value);
        revision.getMetadata().setAnnotations(annotations);
    }

    @Override
    public Pod create(Pod pod) {
        int attempt = createAttempts.incrementAndGet();
        if (createFails.test(attempt)) {
            throw new KubernetesClientException("pods \"x\" is forbidden: exceeded quota", 403, null);
        }
        if (namespaceTerminating) {
            throw new KubernetesClientException(new io.fabric8.kubernetes.api.model.StatusBuilder()
                    .withCode(403)
                    .withReason("Forbidden")
                    .withMessage("pods \"x\" is forbidden: unable to create new content in namespace "
                            + pod.getMetadata().getNamespace() + " because it is being terminated")
                    .withNewDetails()
                    .addNewCause()
                    .withReason("NamespaceTerminating")
                    .withField("metadata.namespace")
                    .endCause()
                    .endDetails()
                    .build());
        }
        if (createTimesOut.test(attempt)) {
            throw new KubernetesClientException(
                    "The timeout period of 1500ms has been exceeded while executing POST",
                    new java.util.concurrent.TimeoutException());
        }
        pod.getMetadata().setName(pod.getMetadata().getGenerateName() + attempt);
        pod.getMetadata().setUid(UUID.randomUUID().toString());
        pod.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        created.add(pod);
        return pod;
    }

    @Override
    public boolean delete(String namespace, String name, String uid) {
        deleted.add(name);
        return true;
    }

    final List<String> relabelled = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void setRevisionHash(Pod pod, String hash) {
        relabelled.add(pod.getMetadata().getName());
        Pod stored = stored(pod);
        Map<String, String> labels =
                new java.util.HashMap<>(stored.getMetadata().getLabels());
        labels.put(dev.daemonset.operator.pods.DaemonPodFactory.REVISION_HASH_LABEL, hash);
        stored.getMetadata().setLabels(labels); // the fake cache sees its own write at once
    }

    /** Adoptions and releases answer 409, as when the pod was deleted and re-created under its name. */
    boolean ownerChangesConflict;

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        if (ownerChangesConflict) {
            throw new KubernetesClientException(
                    "Operation cannot be fulfilled on pods \""
                            + pod.getMetadata().getName() + "\": Precondition failed: UID in precondition: "
                            + pod.getMetadata().getUid() + ", UID in object meta: other",
                    409,
                    null);
        }
        stored(pod).getMetadata().setOwnerReferences(ownerReferences); // the fake cache sees its own write at once
    }

    /** The pod as stored, by UID: the reconciler holds a trimmed copy, as it would from the informers. */
    private Pod stored(Pod read) {
        synchronized (pods) {
            return pods.stream()
                    .filter(p ->
                            p.getMetadata().getUid().equals(read.getMetadata().getUid()))
                    .findFirst()
                    .orElseThrow(() -> new KubernetesClientException("not found", 404, null));
        }
    }

    @Override
    public void annotateTemplateGeneration(DaemonSet ds, long generation) {
        java.util.Map<String, String> annotations = ds.getMetadata().getAnnotations() == null
                ? new java.util.HashMap<>()
                : new java.util.HashMap<>(ds.getMetadata().getAnnotations());
        annotations.put(TEMPLATE_GENERATION_ANNOTATION, Long.toString(generation));
        ds.getMetadata().setAnnotations(annotations); // the fake cache sees its own write at once
    }

    @Override
    public void write(DaemonSet ds, DaemonSetStatus status) {
        statusWrites.add(status);
        ds.setStatus(status); // the fake cache sees its own write at once
    }

    @Override
    public void record(DaemonSet ds, PlannedEvent event) {
        events.add(event);
    }

    /** The informer catches up: created pods appear in the cache. */
    List<Pod> observeCreated() {
        List<Pod> batch;
        synchronized (created) {
            batch = new ArrayList<>(created);
            created.clear();
        }
        pods.addAll(batch);
        return batch;
    }
}
