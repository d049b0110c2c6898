package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.KubernetesEventRecorder;
import dev.daemonset.operator.exec.KubernetesPodControl;
import dev.daemonset.operator.exec.KubernetesRevisionControl;
import dev.daemonset.operator.exec.LeaderOnlyRevisionControl;
import dev.daemonset.operator.exec.StatusWriter;
import dev.daemonset.operator.exec.KubernetesStatusWriter;
import dev.daemonset.operator.exec.LeaderOnlyPodControl;
import dev.daemonset.operator.exec.LeaderOnlyStatusWriter;
import dev.daemonset.operator.exec.LeadershipGate;
import dev.daemonset.operator.exec.MdcPropagatingExecutor;
import dev.daemonset.operator.exec.MeasuredPodControl;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.queue.RateLimiter;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running operator: informers, and while it leads, a queue and workers. Close it to stop them all.
 *
 * <p>The informers run from the start on every replica, so a standby's caches are warm when it
 * takes over. Only a {@link LeaderTerm} syncs and writes; without leader election the operator
 * leads from the start until it is closed.
 */
public final class Operator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);
  /** Pod writes in flight at once across all DaemonSets; slow-start batches are bounded by it too. */
  public static final int WRITE_PARALLELISM = 16;
  /** How long pod events that only change counters may wait, so that a burst of them costs one sync. */
  static final Duration COALESCE = Duration.ofMillis(50);
  static final Duration DAEMONSET_RESYNC = Duration.ofMinutes(5);
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
  static final String QUEUE_NAME = "daemonsets";
  static final Duration HOUSEKEEPING_PERIOD = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final InformerCache cache;
  private final CompiledDaemonSets compiled = new CompiledDaemonSets();
  private final FailedPodBackoff backoff = new FailedPodBackoff();
  private final FirstSeenSelectors selectors = new FirstSeenSelectors();
  private final StatusPacer pacer = new StatusPacer(StatusPacer.DEFAULT_INTERVAL);
  private final JoinedNodes joinedNodes = new JoinedNodes();
  private final Expectations<String> expectations;
  private final ExecutorService writers;
  /** Drops per-node state nothing looks at any more, so that no map grows for as long as the process lives. */
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(named("dds-housekeeping-"));
  private final Object termLock = new Object();
  private final AtomicLong syncsOfEndedTerms = new AtomicLong();
  private volatile LeaderTerm term;
  private volatile LeaseElection election;
  /** Null without leader election. */
  private final RenewalFence fence;
  private boolean closed;

  private Operator(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
    this.cache = new InformerCache(client, config.namespace(), DAEMONSET_RESYNC, config.metrics()::watchRestarted);
    this.expectations = new Expectations<>(config.clock(), Expectations.DEFAULT_TTL, config.writeSettle());
    this.fence = config.leaderElection() == null ? null : RenewalFence.of(config.leaderElection());
    this.writers = new MdcPropagatingExecutor(Executors.newFixedThreadPool(WRITE_PARALLELISM, named("dds-writer-")));
  }

  /**
   * Starts informers and returns once the caches are synced. Without leader election the workers
   * are running too; with it they start when this instance takes the lease.
   */
  public static Operator start(KubernetesClient client, OperatorConfig config) {
    Operator operator = new Operator(client, config);
    try {
      operator.startInformers();
      operator.startHousekeeping();
      if (config.leaderElection() == null) {
        operator.startLeading();
      } else {
        operator.election = LeaseElection.start(client, config.leaderElection(), operator.fence, operator::startLeading,
            operator::stopLeading);
      }
      return operator;
    } catch (Exception e) {
      operator.close();
      throw new IllegalStateException("operator failed to start: " + e.getMessage(), e);
    }
  }

  private void startHousekeeping() {
    housekeeping.scheduleWithFixedDelay(() -> backoff.gc(config.clock().instant()), HOUSEKEEPING_PERIOD.toMinutes(),
        HOUSEKEEPING_PERIOD.toMinutes(), TimeUnit.MINUTES);
  }

  private void startInformers() throws Exception {
    cache.onNodes(new NodeEventHandler(cache, compiled, joinedNodes, this::enqueue));
    cache.onPods(new PodEventHandler(cache, expectations, this::enqueue, this::enqueueSoon));
    cache.onDaemonSets(new DaemonSetEventHandler(this::enqueue, ds -> {
      compiled.forget(ds.getMetadata().getUid());
      backoff.forget(ds.getMetadata().getUid());
      joinedNodes.forget(DaemonSetKey.of(ds));
      selectors.forget(ds.getMetadata().getUid());
      pacer.forget(ds.getMetadata().getUid());
    }));
    cache.onRevisions(new RevisionEventHandler(cache, this::enqueue));
    LOG.info("starting informers; waiting up to {} for the caches to sync", SYNC_TIMEOUT);
    cache.startAndSync(SYNC_TIMEOUT);
    LOG.info("caches synced: {} nodes, {} daemonsets", cache.nodes().size(), cache.daemonSets().size());
  }

  /** Informer events only matter to a leader; a new leader queues every DaemonSet anyway. */
  private void enqueue(DaemonSetKey key) {
    LeaderTerm t = term;
    if (t != null) {
      t.queue().add(key);
    }
  }

  /** Within {@link #COALESCE}: the events of that window are answered by one sync. */
  private void enqueueSoon(DaemonSetKey key) {
    LeaderTerm t = term;
    if (t != null) {
      t.queue().addAfter(key, COALESCE);
    }
  }

  private void startLeading() {
    synchronized (termLock) {
      if (closed || term != null) {
        return;
      }
      // counts of unobserved writes from an earlier term may be wrong; the caches are the truth now
      expectations.forgetAll();
      joinedNodes.startTaking();
      term = newTerm();
      config.metrics().leading(true);
      LOG.info("leading: syncing every DaemonSet with {} workers", config.workers());
    }
    resyncAll();
  }

  private LeaderTerm newTerm() {
    LeadershipGate gate = fence == null ? LeadershipGate.opened() : LeadershipGate.fencedBy(fence::allowsWrites);
    KubernetesEventRecorder events = new KubernetesEventRecorder(client, config.clock(), gate);
    PlanExecutor executor = new PlanExecutor(
        new LeaderOnlyPodControl(gate, new MeasuredPodControl(config.metrics(), new KubernetesPodControl(client))),
        events, expectations, backoff, writers, WRITE_PARALLELISM, config.clock(), config.createBurst());
    StatusWriter statusWriter =
        new LeaderOnlyStatusWriter(gate, new KubernetesStatusWriter(client, DaemonSetReconciler.OWNED_CONDITIONS));
    HistoryManager history = new HistoryManager(cache,
        new LeaderOnlyRevisionControl(gate, new KubernetesRevisionControl(client)), statusWriter);
    WorkQueue<DaemonSetKey> queue = new WorkQueue<>(QUEUE_NAME, RateLimiter.defaultControllerRateLimiter(),
        config.metrics().queue(QUEUE_NAME));
    DaemonSetReconciler reconciler = new DaemonSetReconciler(cache, compiled, history, selectors, expectations,
        backoff, executor, statusWriter, events, config.clock(), pacer, config.metrics(), joinedNodes,
        queue::addRateLimited);
    Workers<DaemonSetKey> workers = Workers.start(queue, config.workers(), new CacheWatchGate(cache::isWatching, reconciler));
    return new LeaderTerm(gate, queue, workers, reconciler, events);
  }

  private void stopLeading() {
    synchronized (termLock) {
      LeaderTerm ending = term;
      if (ending == null) {
        return;
      }
      term = null;
      ending.end();
      joinedNodes.stopTaking();
      syncsOfEndedTerms.addAndGet(ending.syncCount());
      config.metrics().leading(false);
    }
  }

  /** Queues every known DaemonSet, as a periodic resync does. Does nothing on a standby. */
  public void resyncAll() {
    cache.daemonSets().forEach(ds -> enqueue(DaemonSetKey.of(ds)));
  }

  /** Queues one DaemonSet, as a periodic resync would. Does nothing on a standby. */
  public void resync(DaemonSetKey key) {
    enqueue(key);
  }

  /** Alive: the informers are watching. */
  public boolean isHealthy() {
    return cache.isWatching();
  }

  public boolean hasSynced() {
    return cache.hasSynced();
  }

  /** Whether this instance holds the lease (always, without leader election, until closed). */
  public boolean isLeading() {
    return term != null;
  }

  public int queueDepth() {
    LeaderTerm t = term;
    return t == null ? 0 : t.queue().len();
  }

  /** Nothing queued and nothing being synced (delayed re-adds may still be pending); a standby is idle. */
  public boolean isIdle() {
    LeaderTerm t = term;
    return t == null || (t.queue().len() == 0 && t.queue().inFlight() == 0);
  }

  /** Syncs started so far, over every term. */
  public long syncCount() {
    LeaderTerm t = term;
    return syncsOfEndedTerms.get() + (t == null ? 0 : t.syncCount());
  }

  /**
   * Stops writing first, then releases the lease (so the next leader cannot overlap with this one),
   * then stops the informers.
   */
  @Override
  public void close() {
    synchronized (termLock) {
      closed = true;
    }
    stopLeading();
    LeaseElection e = election;
    if (e != null) {
      e.close();
    }
    housekeeping.shutdownNow();
    writers.shutdown();
    try {
      writers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
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
