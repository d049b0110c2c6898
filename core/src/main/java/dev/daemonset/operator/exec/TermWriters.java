package dev.daemonset.operator.exec;

import dev.daemonset.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Every writer of one leader term, each behind the term's {@link LeadershipGate}: the controller gets
 * its writers here and nowhere else, so the classes that talk to the API server, and the wrappers that
 * gate and measure them, stay inside this package.
 */
public final class TermWriters {
    /** What the writers of every term share: built once per process. */
    public record Settings(
            KubernetesClient writeClient,
            Duration writeTimeout,
            KubernetesClient readClient,
            OperatorMetrics metrics,
            Clock clock,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            ExecutorService writerPool,
            int parallelism,
            int createBurst,
            Set<String> ownedConditions) {}

    private final KubernetesEventRecorder events;
    private final PlanExecutor pods;
    private final StatusWriter status;
    private final RevisionControl revisions;
    private final Expectations<String> expectations;

    private TermWriters(
            KubernetesEventRecorder events,
            PlanExecutor pods,
            StatusWriter status,
            RevisionControl revisions,
            Expectations<String> expectations) {
        this.events = events;
        this.pods = pods;
        this.status = status;
        this.revisions = revisions;
        this.expectations = expectations;
    }

    public static TermWriters create(Settings s, LeadershipGate gate) {
        KubernetesEventRecorder events = new KubernetesEventRecorder(s.writeClient(), s.clock(), gate);
        PodControl podControl = new LeaderOnlyPodControl(
                gate, new MeasuredPodControl(s.metrics(), new KubernetesPodControl(s.writeClient(), s.writeTimeout())));
        // adoption reads afresh, with the client that reads, not the one whose requests are cut short
        PlanExecutor pods = new PlanExecutor(
                podControl,
                events,
                s.expectations(),
                s.backoff(),
                s.writerPool(),
                s.parallelism(),
                s.clock(),
                s.createBurst(),
                new FreshReadAdoptionCheck(s.readClient()));
        StatusWriter status =
                new LeaderOnlyStatusWriter(gate, new KubernetesStatusWriter(s.writeClient(), s.ownedConditions()));
        RevisionControl revisions = new LeaderOnlyRevisionControl(gate, new KubernetesRevisionControl(s.writeClient()));
        return new TermWriters(events, pods, status, revisions, s.expectations());
    }

    /** The pool pod writes run on, shared by every term; each task runs with its submitter's MDC. */
    public static ExecutorService writerPool(int threads, ThreadFactory threadFactory) {
        return new MdcPropagatingExecutor(Executors.newFixedThreadPool(threads, threadFactory));
    }

    /**
     * The executor of a sync's plan; {@code revisionTracking} wraps the revision writes, so that whoever
     * reads revisions sees what this term created before the informer does.
     */
    public SyncExecutor syncExecutor(UnaryOperator<RevisionControl> revisionTracking) {
        return new SyncExecutor(pods, revisionTracking.apply(revisions), status, events, expectations);
    }

    public KubernetesEventRecorder events() {
        return events;
    }

    public PlanExecutor pods() {
        return pods;
    }
}
