package dev.daemonset.operator.controller;

import static dev.daemonset.operator.controller.DaemonThreads.named;
import static dev.daemonset.operator.controller.Operator.WRITE_PARALLELISM;

import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.LeadershipGate;
import dev.daemonset.operator.exec.TermWriters;
import dev.daemonset.operator.queue.RateLimiter;
import dev.daemonset.operator.queue.WorkQueue;
import dev.daemonset.operator.queue.Workers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a running operator is made of, in one place so that the wiring reads top to bottom. The parts
 * built by the constructor live as long as the process and are shared by every leader term; those
 * {@link #newTerm} builds live for one term, so nothing of an old term can write in a later one.
 */
final class OperatorComponents {
    static final Duration DAEMONSET_RESYNC = Duration.ofMinutes(5);
    static final String QUEUE_NAME = "daemonsets";

    final KubernetesClient client;
    /** The client of every write: with leader election, its requests end before the lease can pass on. */
    final WriteClient writes;

    final OperatorConfig config;
    final InformerCache cache;
    final CompiledDaemonSets compiled = new CompiledDaemonSets();
    final FailedPodBackoff backoff = new FailedPodBackoff();
    final AcceptedSelectors selectors;
    final StatusPacer pacer = new StatusPacer(StatusPacer.DEFAULT_INTERVAL);
    final JoinedNodes joinedNodes = new JoinedNodes();
    final Expectations<String> expectations;
    final ExecutorService writers;
    /** What every term's writers share. */
    final TermWriters.Settings writerSettings;
    /** Drops per-DaemonSet and per-node state with its object, so that no map grows for as long as the process lives. */
    final Housekeeping housekeeping;
    /** Null without leader election. */
    final RenewalFence fence;

    final ApiServerConnection connection;

    /** {@code term} is the current leader term, null while this instance does not lead. */
    OperatorComponents(KubernetesClient client, OperatorConfig config, Supplier<LeaderTerm> term) {
        this.client = client;
        this.writes = WriteClient.of(client, config.leaderElection());
        this.config = config;
        this.cache = new InformerCache(client, config.namespace(), DAEMONSET_RESYNC, config.metrics()::watchRestarted);
        this.expectations = new Expectations<>(config.clock(), Expectations.DEFAULT_TTL, config.writeSettle());
        this.selectors = new AcceptedSelectors(cache);
        this.housekeeping = new Housekeeping(
                cache,
                compiled,
                selectors,
                pacer,
                joinedNodes,
                backoff,
                expectations,
                config.metrics(),
                config.clock(),
                term);
        this.fence = config.leaderElection() == null ? null : RenewalFence.of(config.leaderElection());
        this.writers = TermWriters.writerPool(WRITE_PARALLELISM, named("dds-writer-"));
        this.writerSettings = new TermWriters.Settings(
                writes.client(),
                writes.timeout(),
                client,
                config.metrics(),
                config.clock(),
                expectations,
                backoff,
                writers,
                WRITE_PARALLELISM,
                config.createBurst(),
                DaemonSetReconciler.OWNED_CONDITIONS);
        this.connection = new ApiServerConnection(cache, String.valueOf(client.getMasterUrl()), config.metrics());
    }

    /**
     * Connects the informers to the handlers. {@code enqueue} and {@code enqueueSoon} decide whether a
     * key is queued at all: only a leader has a queue.
     */
    void handleEvents(Consumer<DaemonSetKey> enqueue, Consumer<DaemonSetKey> enqueueSoon) {
        cache.onNodes(new NodeEventHandler(cache, compiled, joinedNodes, enqueue));
        cache.onNodes(onDelete(node -> housekeeping.nodeGone(node.getMetadata().getName())));
        cache.onPods(new PodEventHandler(cache, expectations, enqueue, enqueueSoon));
        cache.onDaemonSets(new DaemonSetEventHandler(enqueue, housekeeping::daemonSetGone));
        cache.onRevisions(new RevisionEventHandler(cache, enqueue));
        cache.onRevisions(onDelete(
                revision -> housekeeping.revisionGone(revision.getMetadata().getUid())));
    }

    /** The parts of a new term: a gate of its own, and the queue, workers and writers behind it. */
    LeaderTerm newTerm() {
        LeadershipGate gate = fence == null ? LeadershipGate.opened() : LeadershipGate.fencedBy(fence::allowsWrites);
        TermWriters writers = TermWriters.create(writerSettings, gate);
        HistoryManager history = new HistoryManager(cache, config.clock());
        WorkQueue<DaemonSetKey> queue = new WorkQueue<>(
                QUEUE_NAME,
                RateLimiter.defaultControllerRateLimiter(),
                config.metrics().queue(QUEUE_NAME));
        DaemonSetReconciler reconciler = new DaemonSetReconciler(
                cache,
                new SyncSnapshots(cache, compiled, history, selectors, expectations, backoff, pacer, config.clock()),
                writers.syncExecutor(history::tracking),
                selectors,
                pacer,
                config.metrics(),
                joinedNodes,
                queue::addRateLimited,
                housekeeping::syncFoundGone);
        Workers<DaemonSetKey> workers =
                Workers.start(queue, config.workers(), new CacheWatchGate(cache::isWatching, reconciler));
        return new LeaderTerm(gate, queue, workers, reconciler, history, writers.pods(), writers.events());
    }

    /** Stops housekeeping, the writer threads and the informers; the last term has ended by then. */
    void close() {
        housekeeping.close();
        writers.shutdown();
        try {
            // the writes themselves are over (the term waited for them); what is left only finds the gate closed
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        cache.close();
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
}
