package dev.daemonset.operator.sandbox.sim;

import dev.daemonset.operator.sandbox.apiserver.ApiServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything in the sandbox that is not the API server or the operator: the nodes, and the
 * scheduler, kubelet, node lifecycle controller and garbage collector that act on them.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final List<AutoCloseable> components;

  private SimulatedCluster(SharedIndexInformer<Pod> pods, SharedIndexInformer<Node> nodes, List<AutoCloseable> components) {
    this.pods = pods;
    this.nodes = nodes;
    this.components = components;
  }

  /** Creates the nodes and starts the simulated components; returns once their caches are synced. */
  public static SimulatedCluster start(KubernetesClient client, ApiServer server, int workers, Duration readyAfter)
      throws Exception {
    Clock clock = Clock.systemUTC();
    GarbageCollector gc = new GarbageCollector(server.store(), server.dispatcher(), server.registry(),
        server.deletePolicies());
    gc.start();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    List<Node> initial = SimNodes.initialNodes(workers);
    for (int i = 0; i < initial.size(); i++) {
      Node created = client.nodes().resource(initial.get(i)).create();
      created.setStatus(SimNodes.healthyStatus(created.getMetadata().getName(), i, now));
      client.nodes().resource(created).updateStatus();
    }
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    Scheduler scheduler = new Scheduler(client, pods, nodes, clock);
    Kubelet kubelet = new Kubelet(client, pods, nodes, readyAfter, clock);
    NodeLifecycle lifecycle = new NodeLifecycle(client, pods, nodes, clock, initial.size());
    for (int i = 0; i < initial.size(); i++) {
      lifecycle.register(initial.get(i).getMetadata().getName(), i);
    }
    SimulatedCluster cluster = new SimulatedCluster(pods, nodes, List.of(scheduler, kubelet, lifecycle, gc));
    try {
      CompletableFuture.allOf(pods.start().toCompletableFuture(), nodes.start().toCompletableFuture())
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  @Override
  public void close() {
    pods.close();
    nodes.close();
    for (AutoCloseable c : components) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }
}
