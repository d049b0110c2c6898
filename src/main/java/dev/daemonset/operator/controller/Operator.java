package dev.daemonset.operator.controller;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.FreshReadAdoptionCheck;
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
import dev.daemonset.operator.exec.SyncExecutor;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.queue.RateLimiter;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running operator: informers, and while it leads, a queue and workers. Close it to stop them all.
 *
 * <p>The informers run from the start on every replica, so a standby's caches are warm when it
 * takes over. Only a {@link LeaderTerm} syncs and writes; without leader election the operator
 * leads from the start until it is closed.
 *
 * <p>Start-up waits for the API server for as long as it takes: the informers retry with backoff, a
 * line is logged every {@link #STARTUP_LOG_PERIOD} while they have not all listed, and the rest
 * (housekeeping, then leader election or the workers) starts once they have. Later outages are ridden
 * out the same way: the caches keep what they last saw, the informers resume or relist, the leader
 * stops writing at its renew deadline and competes again.
 *
 * <p>{@link #livenessProblems} reports what only a restart can mend (a stuck or dead worker, a dead
 * timer task, an elector that stopped competing), never the API server's health.
 */
public final class Operator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);
  /** Pod writes in flight at once across all DaemonSets; slow-start batches are bounded by it too. */
  public static final int WRITE_PARALLELISM = 16;
  /** How long pod events that only change counters may wait, so that a burst of them costs one sync. */
  static final Duration COALESCE = Duration.ofMillis(50);
  static final Duration DAEMONSET_RESYNC = Duration.ofMinutes(5);
  static final String QUEUE_NAME = "daemonsets";
  /** How often start-up says it is still waiting for the caches. */
  static final Duration STARTUP_LOG_PERIOD = Duration.ofSeconds(30);
  /** How often the informers' connection is looked at, for the metric, the readiness text and the log. */
  static final Duration CONNECTION_SAMPLE_PERIOD = Duration.ofSeconds(1);
  /**
   * A shorter gap in the informers' watches is not reported as an outage (log line, readiness text):
   * watches are reopened every few minutes in normal operation.
   */
  public static final Duration OUTAGE_REPORTED_AFTER = Duration.ofSeconds(10);
  /**
   * A worker holding one DaemonSet this long is stuck, and liveness fails. Far above what a sync may
   * take: every request of a sync ends within the client's timeouts (10 s to connect, 10 s for the
   * answer, by default); creates go at most 16 at a time and stop at the first failure (250 per sync
   * at most: under 3 minutes even if every one took the full timeout and succeeded); and once the API
   * server stops answering, the leader's fence refuses every write within its renew deadline, so a
   * sync that runs into an outage ends within seconds of it. Ten minutes leaves room for a slow API
   * server and is still short next to a sync that would otherwise hold its DaemonSet and its worker
   * until the next deploy.
   *
   * <p>The one way past it without a stuck worker: leader election turned off (no fence), an API
   * server that lets connections hang rather than refusing them, and a single sync deleting more than
   * about 500 pods (deletes do not stop at the first failure; 16 at a time at up to 20 s each).
   */
  public static final Duration STUCK_SYNC = Duration.ofMinutes(10);

  private final KubernetesClient client;
  /** The client of every write: with leader election, its requests end before the lease can pass on. */
  private final WriteClient writes;
  private final OperatorConfig config;
  private final InformerCache cache;
  private final CompiledDaemonSets compiled = new CompiledDaemonSets();
  private final FailedPodBackoff backoff = new FailedPodBackoff();
  private final AcceptedSelectors selectors;
  private final StatusPacer pacer = new StatusPacer(StatusPacer.DEFAULT_INTERVAL);
  private final JoinedNodes joinedNodes = new JoinedNodes();
  private final Expectations<String> expectations;
  private final ExecutorService writers;
  /** Drops per-node state nothing looks at any more, so that no map grows for as long as the process lives. */
  /** Start-up, the start-up log and the connection sampling; never blocked by a write. */
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("dds-timers-"));
  /** Drops per-DaemonSet and per-node state with its object, so that no map grows for as long as the process lives. */
  private final Housekeeping housekeeping;
  private final Object termLock = new Object();
  private final AtomicLong syncsOfEndedTerms = new AtomicLong();
  private volatile LeaderTerm term;
  private volatile LeaseElection election;
  /** Null without leader election. */
  private final RenewalFence fence;
  private volatile boolean closed;
  /** Completes once the caches have synced and leader election (or leading) has started. */
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final ApiServerConnection connection;
  /** Workers of ended terms that were still inside a sync when their term ended. */
  private final List<Workers<DaemonSetKey>> lingering = new CopyOnWriteArrayList<>();
  private final List<ScheduledFuture<?>> periodicTasks = new CopyOnWriteArrayList<>();
  private volatile ScheduledFuture<?> startupLog;
  private volatile Throwable startupFailure;

  private Operator(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.writes = WriteClient.of(client, config.leaderElection());
    this.config = config;
    this.cache = new InformerCache(client, config.namespace(), DAEMONSET_RESYNC, config.metrics()::watchRestarted);
    this.expectations = new Expectations<>(config.clock(), Expectations.DEFAULT_TTL, config.writeSettle());
    this.selectors = new AcceptedSelectors(cache);
    this.housekeeping = new Housekeeping(cache, compiled, selectors, pacer, joinedNodes, backoff, expectations,
        config.metrics(), config.clock(), () -> term);
    this.fence = config.leaderElection() == null ? null : RenewalFence.of(config.leaderElection());
    this.writers = new MdcPropagatingExecutor(Executors.newFixedThreadPool(WRITE_PARALLELISM, named("dds-writer-")));
    this.connection = new ApiServerConnection(cache, String.valueOf(client.getMasterUrl()), config.metrics());
  }

  /**
   * Starts informers and returns once the caches are synced, however long the API server takes to
   * answer. Without leader election the workers are running too; with it they start when this instance
   * takes the lease.
   *
   * @throws IllegalStateException if interrupted while waiting (the operator is closed then)
   */
  public static Operator start(KubernetesClient client, OperatorConfig config) {
    Operator operator = launch(client, config);
    try {
      operator.awaitStarted();
      return operator;
    } catch (InterruptedException e) {
      operator.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the caches to sync", e);
    }
  }

  /**
   * Starts informers and returns at once; the caches sync, and leader election or the workers start,
   * in the background whenever the API server answers ({@link #hasSynced}, {@link #awaitStarted}).
   * Closing the operator ends the wait.
   */
  public static Operator launch(KubernetesClient client, OperatorConfig config) {
    Operator operator = new Operator(client, config);
    try {
      operator.startInformers();
      return operator;
    } catch (RuntimeException e) {
      operator.close();
      throw new IllegalStateException("operator failed to start: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the caches have synced and leader election (or leading) has started.
   *
   * @throws IllegalStateException if the operator was closed first, or start-up failed after the sync
   */
  public void awaitStarted() throws InterruptedException {
    try {
      started.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("operator failed to start: " + e.getCause().getMessage(), e.getCause());
    }
  }


  /**
   * A periodic task that outlives an exception (logged) but not an {@link Error}: that ends the task,
   * and {@link #livenessProblems} reports it.
   */
  private static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{} failed; trying again next time", what, e);
      }
    };
  }

  private void startInformers() {
    cache.onNodes(new NodeEventHandler(cache, compiled, joinedNodes, this::enqueue));
    cache.onNodes(onDelete(node -> housekeeping.nodeGone(node.getMetadata().getName())));
    cache.onPods(new PodEventHandler(cache, expectations, this::enqueue, this::enqueueSoon));
    cache.onDaemonSets(new DaemonSetEventHandler(this::enqueue, housekeeping::daemonSetGone));
    cache.onRevisions(new RevisionEventHandler(cache, this::enqueue));
    cache.onRevisions(onDelete(revision -> housekeeping.revisionGone(revision.getMetadata().getUid())));
    LOG.info("starting informers against the API server at {}; waiting for their caches to sync",
        client.getMasterUrl());
    periodicTasks.add(timers.scheduleAtFixedRate(guarded("watching the informers' connection",
        () -> connection.sample(started.isDone())), 0, CONNECTION_SAMPLE_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
    startupLog = timers.scheduleAtFixedRate(guarded("logging the start-up wait", connection::logStillWaiting),
        STARTUP_LOG_PERIOD.toMillis(), STARTUP_LOG_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    cache.start(config.metrics()::informerSynced).whenCompleteAsync((ignored, error) -> {
      if (error == null) {
        afterSync();
      } else {
        started.completeExceptionally(error);
      }
    }, timers);
  }

  /** The rest of start-up, on the timer thread once every informer has listed. */
  private void afterSync() {
    try {
      startupLog.cancel(false);
      synchronized (termLock) {
        if (closed) {
          return;
        }
        LOG.info("caches synced after {}: {} nodes, {} daemonsets", Elapsed.format(connection.waited()), cache.nodes().size(),
            cache.daemonSets().size());
        housekeeping.start();
        config.metrics().stateSizes(this::stateSizes);
        if (config.leaderElection() != null) {
          election = LeaseElection.start(client, config.leaderElection(), fence, this::startLeading,
              this::stopLeading);
        }
      }
      if (config.leaderElection() == null) {
        startLeading();
      }
      started.complete(null);
    } catch (RuntimeException | Error e) {
      startupFailure = e;
      LOG.error("start-up failed after the caches synced", e);
      started.completeExceptionally(e);
      throw e;
    }
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
    housekeeping.beforeLeading();
    resyncAll();
  }

  private LeaderTerm newTerm() {
    LeadershipGate gate = fence == null ? LeadershipGate.opened() : LeadershipGate.fencedBy(fence::allowsWrites);
    KubernetesEventRecorder events = new KubernetesEventRecorder(writes.client(), config.clock(), gate);
    PlanExecutor executor = new PlanExecutor(
        new LeaderOnlyPodControl(gate, new MeasuredPodControl(config.metrics(), new KubernetesPodControl(writes.client(), writes.timeout()))),
        events, expectations, backoff, writers, WRITE_PARALLELISM, config.clock(), config.createBurst(),
        new FreshReadAdoptionCheck(client));
    StatusWriter statusWriter =
        new LeaderOnlyStatusWriter(gate, new KubernetesStatusWriter(writes.client(), DaemonSetReconciler.OWNED_CONDITIONS));
    HistoryManager history = new HistoryManager(cache, config.clock());
    SyncExecutor syncExecutor = new SyncExecutor(executor,
        history.tracking(new LeaderOnlyRevisionControl(gate, new KubernetesRevisionControl(writes.client()))),
        statusWriter, events, expectations);
    WorkQueue<DaemonSetKey> queue = new WorkQueue<>(QUEUE_NAME, RateLimiter.defaultControllerRateLimiter(),
        config.metrics().queue(QUEUE_NAME));
    DaemonSetReconciler reconciler = new DaemonSetReconciler(cache,
        new SyncSnapshots(cache, compiled, history, selectors, expectations, backoff, pacer, config.clock()),
        syncExecutor, selectors, pacer, config.metrics(), joinedNodes, queue::addRateLimited,
        housekeeping::syncFoundGone);
    Workers<DaemonSetKey> workers = Workers.start(queue, config.workers(), new CacheWatchGate(cache::isWatching, reconciler));
    return new LeaderTerm(gate, queue, workers, reconciler, history, executor, events);
  }

  private void stopLeading() {
    endTerm();
  }

  /** Returns the term that ended, or null if this instance was not leading. */
  private LeaderTerm endTerm() {
    synchronized (termLock) {
      LeaderTerm ending = term;
      if (ending == null) {
        return null;
      }
      term = null;
      if (!ending.end(writes.longest().plusSeconds(1))) {
        lingering.add(ending.workers());
      }
      joinedNodes.stopTaking();
      syncsOfEndedTerms.addAndGet(ending.syncCount());
      config.metrics().leading(false);
      return ending;
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

  /**
   * What keeps this process from doing its work that only a restart can mend; empty when nothing
   * does. Never about the API server: an outage of any length leaves this empty.
   */
  public List<String> livenessProblems() {
    if (closed) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    Throwable failure = startupFailure;
    if (failure != null) {
      problems.add("start-up failed after the caches synced: " + failure);
    }
    for (ScheduledFuture<?> task : periodicTasks) {
      if (task.isDone() && !closed) {
        problems.add("a timer task stopped: " + causeOf(task));
      }
    }
    LeaseElection e = election;
    if (e != null && e.stoppedBy() != null) {
      problems.add("leader election stopped competing: " + e.stoppedBy());
    }
    LeaderTerm t = term;
    if (t != null) {
      t.workers().deadThreads().forEach(name -> problems.add("worker " + name + " died"));
      if (t.queue().delayTimerDied()) {
        problems.add("the work queue's delay timer died: retries and requeues never come back");
      }
      stuckSyncs(t.workers(), problems);
    }
    lingering.removeIf(w -> w.aliveCount() == 0);
    lingering.forEach(w -> stuckSyncs(w, problems));
    return problems;
  }

  private static void stuckSyncs(Workers<DaemonSetKey> workers, List<String> problems) {
    for (Workers.Busy<DaemonSetKey> busy : workers.busyFor(STUCK_SYNC)) {
      problems.add("worker " + busy.thread() + " has been syncing " + busy.key() + " for "
          + Elapsed.format(busy.running()) + " (a sync ends well within " + Elapsed.format(STUCK_SYNC) + ")");
    }
  }

  private static String causeOf(ScheduledFuture<?> task) {
    try {
      task.get(0, TimeUnit.NANOSECONDS);
      return "it ended";
    } catch (ExecutionException e) {
      return e.getCause().toString();
    } catch (CancellationException | TimeoutException e) {
      return "it was cancelled";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  public boolean hasSynced() {
    return cache.hasSynced();
  }

  /**
   * Null once the caches have synced; until then, what start-up is waiting for, for how long, and the
   * last error the informers met.
   */
  public String startupWait() {
    return connection.startupWait();
  }

  /**
   * How long at least one informer has had no watch open on the API server, zero while all have. A few
   * seconds now and then are normal: watches are reopened every few minutes.
   */
  public Duration disconnectedFor() {
    return connection.disconnectedFor();
  }

  /** Whether this instance holds the lease (always, without leader election, until closed). */
  public boolean isLeading() {
    return term != null;
  }

  /** Whether this instance competes for a Lease (false: it leads alone). */
  public boolean electsLeader() {
    return config.leaderElection() != null;
  }

  /** This instance's identity in the Lease; null without leader election. */
  public String identity() {
    return config.leaderElection() == null ? null : config.leaderElection().identity();
  }

  /** The holder the Lease named when this instance last read it; null before that or without leader election. */
  public String observedLeader() {
    LeaseElection e = election;
    return e == null ? null : e.observedLeader();
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
   * Stops writing first, waits for the writes already under way, then releases the lease (so the next
   * leader cannot overlap with this one), then stops the informers.
   *
   * <p>Each step is bounded, so that this ends within the Deployment's 30 s termination grace period
   * even when the API server answers nothing: with client-go's lease timing, the workers' current
   * writes and the writes in the background end within 5 s each (2.5 s timeout, fabric8's equal grace),
   * events within 2 s, the lease release within 6.7 s (its 3.3 s timeout and grace): about 21 s.
   */
  @Override
  public void close() {
    synchronized (termLock) {
      closed = true;
    }
    started.completeExceptionally(new IllegalStateException("closed before the caches synced"));
    LeaderTerm ended = endTerm();
    if (ended != null) {
      awaitWritesDone(ended);
    }
    LeaseElection e = election;
    if (e != null) {
      e.close();
    }
    timers.shutdownNow();
    housekeeping.close();
    writers.shutdown();
    try {
      // the writes themselves are over (awaitWritesDone); what is left only finds the gate closed
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    cache.close();
  }

  /**
   * The client gives every write up within {@link WriteClient#longest}, so this ends by then; a write still
   * counted after that is stuck outside the HTTP layer, and the lease is released all the same rather
   * than holding the standby back for good.
   */
  private void awaitWritesDone(LeaderTerm ended) {
    Duration wait = writes.longest().plusSeconds(1);
    try {
      if (!ended.awaitWritesDone(wait)) {
        LOG.warn("{} write(s) still under way {} after this instance stopped writing; releasing the lease anyway",
            ended.writesInFlight(), wait);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Entries in each per-DaemonSet and per-node holder of this instance, by name (see
   * docs/operations.md); also served as {@code dds_state_entries}. Back at their baseline once the
   * DaemonSets and nodes they were about are gone.
   */
  public Map<String, Integer> stateSizes() {
    return housekeeping.sizes();
  }

  private static <T> ResourceEventHandler<T> onDelete(Consumer<T> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {}

      @Override
      public void onUpdate(T old, T now) {}

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        deleted.accept(obj);
      }
    };
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
