package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.NodeOrder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on Nodes, Pods, DaemonSets and ControllerRevisions with the indexes that keep one sync at O(nodes + own
 * pods) ({@link CacheIndexes}). No server-side selectors: the cache must see a pod's labels change to
 * release or adopt it.
 *
 * <p>DaemonSets are watched as schema-less maps and read into the Java model here, one object at a
 * time ({@link DaemonSetReadings}): a typed informer stops for good at the first stored object it
 * cannot deserialize, and with it the reconciliation of every DaemonSet in the cluster. Every informer
 * restarts after any failure, and each restart is counted.
 *
 * <p>An informer that cannot reach the API server keeps trying for as long as it takes, with fabric8's
 * backoff (1 s doubling to 32 s): the initial list through the failure handler here, a broken watch
 * through the watch's own reconnects, resuming from the last resourceVersion or relisting when the
 * server no longer has it. {@link #lastFailure} and {@link #notWatching} say how that is going.
 */
final class InformerCache implements ClusterView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InformerCache.class);

    /**
     * Items per page of every informer's list, client-go's informer default. Unpaginated, the initial list
     * (and every relist after a watch falls too far behind) is one response holding every pod of the
     * cluster: gigabytes of JSON at 150,000 pods, held in memory at once by the API server and by us, and
     * long enough to build that it can outlast the request timeout. Pages keep each response small, and the
     * informer still watches from the first page's resourceVersion, so it misses nothing.
     */
    static final long LIST_PAGE_SIZE = 500;

    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Pod> pods;
    private final PodCacheClient podClient;
    private final SharedIndexInformer<GenericKubernetesResource> daemonSets;
    private final SharedIndexInformer<ControllerRevision> revisions;
    private final DaemonSetReadings readings = new DaemonSetReadings();
    /** Each informer by the resource name it is reported under, in start order. */
    private final Map<String, SharedIndexInformer<?>> byResource;

    private volatile String lastFailure;

    /** @param watchRestarted told the resource (nodes, pods, daemonsets, controllerrevisions) of each restart */
    public InformerCache(
            KubernetesClient client, String namespace, Duration daemonSetResync, Consumer<String> watchRestarted) {
        nodes = client.nodes().withLimit(LIST_PAGE_SIZE).runnableInformer(0);
        podClient = new PodCacheClient(client);
        var allPods = podClient.client().pods();
        pods = namespace == null
                ? allPods.inAnyNamespace().withLimit(LIST_PAGE_SIZE).runnableInformer(0)
                : allPods.inNamespace(namespace).withLimit(LIST_PAGE_SIZE).runnableInformer(0);
        long resync = daemonSetResync.toMillis();
        var stored = client.genericKubernetesResources(DaemonSet.resourceContext());
        daemonSets = namespace == null
                ? stored.inAnyNamespace().withLimit(LIST_PAGE_SIZE).runnableInformer(resync)
                : stored.inNamespace(namespace).withLimit(LIST_PAGE_SIZE).runnableInformer(resync);
        var controllerRevisions = client.apps().controllerRevisions();
        revisions = namespace == null
                ? controllerRevisions.inAnyNamespace().withLimit(LIST_PAGE_SIZE).runnableInformer(0)
                : controllerRevisions
                        .inNamespace(namespace)
                        .withLimit(LIST_PAGE_SIZE)
                        .runnableInformer(0);
        byResource = new LinkedHashMap<>();
        byResource.put("nodes", nodes);
        byResource.put("pods", pods);
        byResource.put("controllerrevisions", revisions);
        byResource.put("daemonsets", daemonSets);
        byResource.forEach((resource, informer) -> restartAfterAnyFailure(informer, resource, watchRestarted));
        // pods and nodes are most of a cluster's objects: the cache keeps only what the operator reads of them
        // in the rollout's update order, by natural name: every sync walks the nodes in that order, and sorting
        // 5,000 names again in each sync was a fifth of a sync's CPU while a DaemonSet converged
        nodes.itemStore(TrimmingItemStore.sortedBy(NodeOrder.NATURAL, TrimmedNodes::trim));
        pods.itemStore(new TrimmingItemStore<>(TrimmedPods::trim));
        // nothing reads pods or nodes by namespace: that index would cost an entry per pod
        nodes.removeNamespaceIndex();
        pods.removeNamespaceIndex();
        revisions.addIndexers(CacheIndexes.ofRevisions());
        pods.addIndexers(CacheIndexes.ofPods());
    }

    /**
     * fabric8's default gives up on a watch that fails for a reason other than an expired
     * resourceVersion (a body it cannot read, for one), and a dead informer serves a stale cache
     * forever. Retrying relists with backoff.
     */
    private void restartAfterAnyFailure(
            SharedIndexInformer<?> informer, String resource, Consumer<String> watchRestarted) {
        informer.exceptionHandler((started, failure) -> {
            watchRestarted.accept(resource);
            String what = resource + " " + (started ? "watch" : "initial list");
            String why = describe(failure);
            lastFailure = what + " failed: " + why;
            LOG.warn("{} failed, restarting it with a fresh list: {}", what, why);
            return true;
        });
    }

    /**
     * The messages along the cause chain, without the wrappers' repetitions: fabric8's says what it did,
     * the cause why it failed ("Connection refused: /10.0.0.1:6443", "nodes is forbidden: ...").
     */
    static String describe(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                continue;
            }
            String m = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName()
                    : t.getMessage().strip();
            if (messages.stream().noneMatch(earlier -> earlier.contains(m))) {
                messages.add(m);
            }
        }
        return String.join(": ", messages);
    }

    public void onNodes(ResourceEventHandler<Node> handler) {
        nodes.addEventHandler(handler);
    }

    public void onPods(ResourceEventHandler<Pod> handler) {
        pods.addEventHandler(handler);
    }

    public void onRevisions(ResourceEventHandler<ControllerRevision> handler) {
        revisions.addEventHandler(handler);
    }

    /** The handler sees each DaemonSet as {@link #daemonSet} returns it: typed, or an {@link UnreadableDaemonSet}. */
    public void onDaemonSets(ResourceEventHandler<DaemonSet> handler) {
        daemonSets.addEventHandler(readings.reading(handler));
    }

    /**
     * Starts the informers without waiting for them. The future completes once each has listed once,
     * however long the API server takes to answer; it fails only if the cache is closed first.
     *
     * @param synced told the resource of each informer as it lists for the first time
     */
    public CompletableFuture<Void> start(Consumer<String> synced) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        byResource.forEach((resource, informer) ->
                all.add(informer.start().toCompletableFuture().thenRun(() -> synced.accept(resource))));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Starts the informers and waits until each has listed once. */
    public void startAndSync(Duration timeout) throws Exception {
        start(resource -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isWatching() {
        return notWatching().isEmpty();
    }

    /** The resources whose informer has no watch open on the API server now, in start order. */
    public List<String> notWatching() {
        List<String> out = new ArrayList<>();
        byResource.forEach((resource, informer) -> {
            if (!informer.isWatching()) {
                out.add(resource);
            }
        });
        return out;
    }

    public boolean hasSynced() {
        return notSynced().isEmpty();
    }

    /** The resources whose informer has not listed once yet, in start order. */
    public List<String> notSynced() {
        List<String> out = new ArrayList<>();
        byResource.forEach((resource, informer) -> {
            if (!informer.hasSynced()) {
                out.add(resource);
            }
        });
        return out;
    }

    /** How the last list or watch that failed did so ("pods initial list failed: ..."), or null if none has. */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public DaemonSet daemonSet(DaemonSetKey key) {
        GenericKubernetesResource raw = daemonSets.getStore().getByKey(key.namespace() + "/" + key.name());
        return raw == null ? null : readings.read(raw);
    }

    @Override
    public List<DaemonSet> daemonSets() {
        List<GenericKubernetesResource> all = daemonSets.getStore().list();
        List<DaemonSet> out = new ArrayList<>(all.size());
        for (GenericKubernetesResource raw : all) {
            out.add(readings.read(raw));
        }
        return out;
    }

    /**
     * Drops the readings of DaemonSets the informer no longer holds: a sync that read one just as its
     * delete event went by puts it back after the delete handler removed it.
     */
    void dropReadingsOfGone() {
        readings.dropIf(key -> daemonSets.getStore().getByKey(key) == null);
    }

    /** How many DaemonSets are held read. */
    int readingCount() {
        return readings.size();
    }

    /** In natural order of their names ({@link NodeOrder}). */
    @Override
    public List<Node> nodes() {
        return nodes.getStore().list();
    }

    @Override
    public Node node(String name) {
        return nodes.getStore().getByKey(name);
    }

    @Override
    public List<Pod> podsControlledBy(String ownerUid) {
        return pods.getIndexer().byIndex(CacheIndexes.BY_CONTROLLER_UID, ownerUid);
    }

    @Override
    public List<Pod> orphanPods(String namespace) {
        return pods.getIndexer().byIndex(CacheIndexes.ORPHANS_BY_NAMESPACE, namespace);
    }

    @Override
    public List<Pod> podsOnNode(String nodeName) {
        return pods.getIndexer().byIndex(CacheIndexes.BY_NODE, nodeName);
    }

    @Override
    public List<ControllerRevision> revisionsControlledBy(String ownerUid) {
        return revisions.getIndexer().byIndex(CacheIndexes.BY_CONTROLLER_UID, ownerUid);
    }

    @Override
    public List<ControllerRevision> orphanRevisions(String namespace) {
        return revisions.getIndexer().byIndex(CacheIndexes.ORPHANS_BY_NAMESPACE, namespace);
    }

    @Override
    public void close() {
        revisions.close();
        daemonSets.close();
        pods.close();
        podClient.close();
        nodes.close();
    }
}
