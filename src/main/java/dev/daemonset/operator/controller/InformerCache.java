package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Informers on Nodes, Pods, DaemonSets and ControllerRevisions with the indexes that keep one sync at O(nodes + own
 * pods): pods by controller UID, by node, and orphans by namespace. No server-side selectors: the
 * cache must see a pod's labels change to release or adopt it.
 */
public final class InformerCache implements ClusterView, AutoCloseable {
  static final String BY_CONTROLLER_UID = "byControllerUid";
  static final String BY_NODE = "byNode";
  static final String ORPHANS_BY_NAMESPACE = "orphansByNamespace";

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<DaemonSet> daemonSets;
  private final SharedIndexInformer<ControllerRevision> revisions;

  public InformerCache(KubernetesClient client, String namespace, Duration daemonSetResync) {
    nodes = client.nodes().runnableInformer(0);
    pods = namespace == null
        ? client.pods().inAnyNamespace().runnableInformer(0)
        : client.pods().inNamespace(namespace).runnableInformer(0);
    long resync = daemonSetResync.toMillis();
    daemonSets = namespace == null
        ? client.resources(DaemonSet.class).inAnyNamespace().runnableInformer(resync)
        : client.resources(DaemonSet.class).inNamespace(namespace).runnableInformer(resync);
    revisions = namespace == null
        ? client.apps().controllerRevisions().inAnyNamespace().runnableInformer(0)
        : client.apps().controllerRevisions().inNamespace(namespace).runnableInformer(0);
    revisions.addIndexers(Map.of(
        BY_CONTROLLER_UID, r -> {
          OwnerReference ref = Owners.controllerOf(r);
          return ref == null ? List.of() : List.of(ref.getUid());
        },
        ORPHANS_BY_NAMESPACE, r -> Owners.controllerOf(r) == null
            ? List.of(r.getMetadata().getNamespace()) : List.of()));
    pods.addIndexers(Map.of(
        BY_CONTROLLER_UID, pod -> {
          OwnerReference ref = Owners.controllerOf(pod);
          return ref == null ? List.of() : List.of(ref.getUid());
        },
        BY_NODE, pod -> {
          String node = PodTargets.targetNode(pod);
          return node == null ? List.of() : List.of(node);
        },
        ORPHANS_BY_NAMESPACE, pod -> Owners.controllerOf(pod) == null
            ? List.of(pod.getMetadata().getNamespace()) : List.of()));
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

  public void onDaemonSets(ResourceEventHandler<DaemonSet> handler) {
    daemonSets.addEventHandler(handler);
  }

  /** Starts the informers and waits until each has listed once. */
  public void startAndSync(Duration timeout) throws Exception {
    CompletableFuture.allOf(
            nodes.start().toCompletableFuture(),
            pods.start().toCompletableFuture(),
            revisions.start().toCompletableFuture(),
            daemonSets.start().toCompletableFuture())
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isWatching() {
    return nodes.isWatching() && pods.isWatching() && daemonSets.isWatching() && revisions.isWatching();
  }

  public boolean hasSynced() {
    return nodes.hasSynced() && pods.hasSynced() && daemonSets.hasSynced() && revisions.hasSynced();
  }

  @Override
  public DaemonSet daemonSet(DaemonSetKey key) {
    return daemonSets.getStore().getByKey(key.namespace() + "/" + key.name());
  }

  @Override
  public List<DaemonSet> daemonSets() {
    return daemonSets.getStore().list();
  }

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
    return pods.getIndexer().byIndex(BY_CONTROLLER_UID, ownerUid);
  }

  @Override
  public List<Pod> orphanPods(String namespace) {
    return pods.getIndexer().byIndex(ORPHANS_BY_NAMESPACE, namespace);
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return pods.getIndexer().byIndex(BY_NODE, nodeName);
  }

  @Override
  public List<ControllerRevision> revisionsControlledBy(String ownerUid) {
    return revisions.getIndexer().byIndex(BY_CONTROLLER_UID, ownerUid);
  }

  @Override
  public List<ControllerRevision> orphanRevisions(String namespace) {
    return revisions.getIndexer().byIndex(ORPHANS_BY_NAMESPACE, namespace);
  }

  @Override
  public void close() {
    revisions.close();
    daemonSets.close();
    pods.close();
    nodes.close();
  }
}
