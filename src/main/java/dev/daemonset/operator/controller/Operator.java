package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.KubernetesEventRecorder;
import dev.daemonset.operator.exec.KubernetesPodControl;
import dev.daemonset.operator.exec.KubernetesRevisionControl;
import dev.daemonset.operator.exec.KubernetesStatusWriter;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running operator: informers, queue and workers. Close it to stop them all. */
public final class Operator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);
  /** Pod writes in flight at once across all DaemonSets; slow-start batches are bounded by it too. */
  static final int WRITE_PARALLELISM = 16;
  static final Duration DAEMONSET_RESYNC = Duration.ofMinutes(5);
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  private final InformerCache cache;
  private final WorkQueue<DaemonSetKey> queue;
  private final ExecutorService writers;
  private final KubernetesEventRecorder events;
  private volatile Workers<DaemonSetKey> workers;
  private volatile DaemonSetReconciler reconciler;

  private Operator(InformerCache cache, WorkQueue<DaemonSetKey> queue, ExecutorService writers,
      KubernetesEventRecorder events) {
    this.cache = cache;
    this.queue = queue;
    this.writers = writers;
    this.events = events;
  }

  /** Starts informers and workers and returns once the caches are synced. */
  public static Operator start(KubernetesClient client, OperatorConfig config) {
    InformerCache cache = new InformerCache(client, config.namespace(), DAEMONSET_RESYNC);
    WorkQueue<DaemonSetKey> queue = new WorkQueue<>("daemonsets");
    ExecutorService writers = Executors.newFixedThreadPool(WRITE_PARALLELISM, named("dds-writer-"));
    KubernetesEventRecorder events = new KubernetesEventRecorder(client, config.clock());
    Operator operator = new Operator(cache, queue, writers, events);
    try {
      Expectations<String> expectations = new Expectations<>(config.clock(), Expectations.DEFAULT_TTL);
      FailedPodBackoff backoff = new FailedPodBackoff();
      CompiledDaemonSets compiled = new CompiledDaemonSets();
      StatusPacer pacer = new StatusPacer(StatusPacer.DEFAULT_INTERVAL);
      FirstSeenSelectors selectors = new FirstSeenSelectors();
      PlanExecutor executor = new PlanExecutor(new KubernetesPodControl(client), events, expectations, backoff,
          writers, config.clock(), config.createBurst());
      KubernetesStatusWriter statusWriter = new KubernetesStatusWriter(client, DaemonSetReconciler.OWNED_CONDITIONS);
      HistoryManager history = new HistoryManager(cache, new KubernetesRevisionControl(client), statusWriter);
      DaemonSetReconciler reconciler = new DaemonSetReconciler(cache, compiled, history, selectors, expectations,
          backoff, executor, statusWriter, events, config.clock(), pacer);

      cache.onNodes(new NodeEventHandler(cache, compiled, queue::add));
      cache.onPods(new PodEventHandler(cache, expectations, queue::add));
      cache.onDaemonSets(new DaemonSetEventHandler(queue::add, ds -> {
        compiled.forget(ds.getMetadata().getUid());
        selectors.forget(ds.getMetadata().getUid());
        backoff.forget(ds.getMetadata().getUid());
        pacer.forget(ds.getMetadata().getUid());
      }));
      cache.onRevisions(new RevisionEventHandler(cache, queue::add));
      cache.startAndSync(SYNC_TIMEOUT);
      LOG.info("caches synced: {} nodes, {} daemonsets", cache.nodes().size(), cache.daemonSets().size());
      operator.reconciler = reconciler;
      operator.workers = Workers.start(queue, config.workers(), reconciler);
      return operator;
    } catch (Exception e) {
      operator.close();
      throw new IllegalStateException("operator failed to start: " + e.getMessage(), e);
    }
  }

  /** Queues every known DaemonSet, as a periodic resync does. */
  public void resyncAll() {
    cache.daemonSets().forEach(ds -> queue.add(DaemonSetKey.of(ds)));
  }

  public boolean isHealthy() {
    return cache.isWatching();
  }

  public boolean hasSynced() {
    return cache.hasSynced();
  }

  public int queueDepth() {
    return queue.len();
  }

  /** Nothing queued and nothing being synced (delayed re-adds may still be pending). */
  public boolean isIdle() {
    return queue.len() == 0 && queue.inFlight() == 0;
  }

  /** Syncs started so far. */
  public long syncCount() {
    return reconciler == null ? 0 : reconciler.syncCount();
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.close();
    } else {
      queue.shutDown();
    }
    writers.shutdown();
    try {
      writers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
    cache.close();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
