package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.ManagePlan;
import dev.daemonset.operator.plan.PodDeletion;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies plans: the one place that writes pods. Expectations are recorded before the first write,
 * so a watch event that arrives before the write call returns is still counted.
 *
 * <p>Creates go out in slow start (1, 2, 4, ... in flight) and stop at the first failure: a template
 * the API server rejects costs one request, not hundreds. Deletes go out in parallel.
 * Neither exceeds the burst per sync; the informer events of this sync's writes trigger the next.
 */
public final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    private final PodControl pods;
    private final EventRecorder events;
    private final Expectations<String> expectations;
    private final FailedPodBackoff backoff;
    private final ExecutorService writers;
    private final Clock clock;
    private final int burst;
    private final int parallelism;
    private final ProvenTemplates provenTemplates = new ProvenTemplates();
    private final OwnershipSettler ownership;
    private final PodWrites writes;

    /**
     * @param writers runs the writes; {@code parallelism} of them at a time at most
     * @param burst the most creates (and deletes) one plan may issue
     */
    public PlanExecutor(
            PodControl pods,
            EventRecorder events,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            ExecutorService writers,
            int parallelism,
            Clock clock,
            int burst) {
        this(pods, events, expectations, backoff, writers, parallelism, clock, burst, AdoptionCheck.NONE);
    }

    /** As above; {@code adoptionCheck} is asked before the first adoption of a sync. */
    public PlanExecutor(
            PodControl pods,
            EventRecorder events,
            Expectations<String> expectations,
            FailedPodBackoff backoff,
            ExecutorService writers,
            int parallelism,
            Clock clock,
            int burst,
            AdoptionCheck adoptionCheck) {
        this.ownership = new OwnershipSettler(adoptionCheck);
        this.pods = pods;
        this.events = events;
        this.expectations = expectations;
        this.backoff = backoff;
        this.writers = writers;
        this.clock = clock;
        this.burst = burst;
        this.parallelism = parallelism;
        this.writes = new PodWrites(pods, events, expectations, writers);
    }

    /** The outcome of applying a plan: how many writes failed. */
    public record Outcome(int failures, String firstError) {
        public static final Outcome OK = new Outcome(0, null);

        public boolean failed() {
            return failures > 0;
        }
    }

    /**
     * Adopts and releases as claimed (see {@link OwnershipSettler}); returns the pods the DaemonSet owns
     * then, or why ownership is not settled: the sync must then not create or delete anything, as
     * upstream's claim error stops its sync.
     */
    public OwnershipSettler.Ownership<Pod> settleOwnership(DaemonSet ds, Claims<Pod> claims) {
        return ownership.settle(ds, claims, pods::setOwnerReferences, "pod");
    }

    /** @param templateGeneration the number of the revision {@code hash} names, for the pods' labels */
    public Outcome apply(
            DaemonSet ds, ManagePlan plan, PodTemplateSpec template, String hash, long templateGeneration) {
        String key = ds.getMetadata().getUid();
        Instant now = clock.instant();
        for (String node : plan.failedPodBackoffNodes()) {
            backoff.advance(ds, node, now);
        }
        plan.events().forEach(e -> events.record(ds, e));
        if (plan.isEmpty()) {
            return Outcome.OK;
        }
        List<String> creates = plan.nodesNeedingPods()
                .subList(0, Math.min(burst, plan.nodesNeedingPods().size()));
        List<PodDeletion> deletes = plan.podsToDelete()
                .subList(0, Math.min(burst, plan.podsToDelete().size()));
        Set<String> deleteUids = new HashSet<>();
        deletes.forEach(d -> deleteUids.add(d.pod().getMetadata().getUid()));
        expectations.expect(key, creates, deleteUids);

        WriteTally failures = new WriteTally();
        createInSlowStartBatches(ds, key, creates, template, hash, templateGeneration, failures);
        writes.deleteInParallel(ds, key, deletes, failures);
        return failures.outcome();
    }

    /**
     * Slow start as a sliding window rather than upstream's batches: each success lets two more creates
     * start (the window doubles every round trip, as the batches 1, 2, 4, ... do), at most
     * {@code parallelism} in flight, and nothing new starts after the first failure. Waiting for every
     * batch to finish before the next left the writers idle at each of the eight batch boundaries of a
     * 250-pod burst. A DaemonSet whose previous burst of the same template all succeeded starts at full
     * parallelism: the probe for a broken template has been made and passed.
     */
    private void createInSlowStartBatches(
            DaemonSet ds,
            String key,
            List<String> nodes,
            PodTemplateSpec template,
            String hash,
            long templateGeneration,
            WriteTally failures) {
        CompletionService<String> done = new ExecutorCompletionService<>(writers);
        int initialWindow = provenTemplates.isProven(key, hash) ? parallelism : 1;
        int started = 0;
        int finished = 0;
        int succeeded = 0;
        boolean failed = false;
        while (true) {
            while (!failed
                    && started < nodes.size()
                    && started - finished < parallelism
                    && started < initialWindow + 2 * succeeded) {
                String node = nodes.get(started++);
                done.submit(() -> writes.create(ds, key, node, template, hash, templateGeneration));
            }
            if (finished == started) {
                break;
            }
            String error = takeResult(done);
            finished++;
            if (error == null) {
                succeeded++;
            } else {
                failures.failed(error);
                failed = true;
            }
        }
        if (failed) {
            provenTemplates.doubted(key);
            if (started < nodes.size()) {
                int skipped = nodes.size() - started;
                expectations.lowerCreations(key, skipped);
                LOG.info("slow-start: a create failed, skipping the remaining {} creates until the next sync", skipped);
            }
        } else if (!nodes.isEmpty()) {
            provenTemplates.proven(key, hash);
        }
    }

    /** The error of the next create to finish, or null if it succeeded. */
    private static String takeResult(CompletionService<String> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating pods", e);
        } catch (ExecutionException e) {
            // createOne catches what a write throws; anything else is a failed create
            return "Error creating: " + e.getCause();
        }
    }

    /**
     * Creates pods on a few nodes without waiting for the answers, so that a worker can go on to the
     * next DaemonSet's: a node that joins a cluster with D DaemonSets gets its D pods in about one round
     * trip instead of D / workers. Only for a template whose last burst all succeeded (returns false
     * otherwise, and creates nothing): a template that may be broken is probed one create at a time.
     * The same limits as {@link #apply}: at most the burst (the full sync that follows creates the rest),
     * and, as slow start does, nothing new starts after a create failed. {@code onFailure} runs once, on a
     * writer thread, after the first create failed.
     */
    public boolean createInBackground(
            DaemonSet ds,
            List<String> nodes,
            PodTemplateSpec template,
            String hash,
            long templateGeneration,
            Runnable onFailure) {
        String key = ds.getMetadata().getUid();
        if (nodes.isEmpty() || !provenTemplates.isProven(key, hash)) {
            return false;
        }
        List<String> batch = List.copyOf(nodes.subList(0, Math.min(burst, nodes.size())));
        expectations.expect(key, batch, Set.of());
        AtomicBoolean failed = new AtomicBoolean();
        for (String node : batch) {
            writers.execute(() -> {
                if (failed.get()) {
                    expectations.lowerCreations(key, 1);
                    return;
                }
                if (writes.create(ds, key, node, template, hash, templateGeneration) != null
                        && failed.compareAndSet(false, true)) {
                    provenTemplates.doubted(key);
                    onFailure.run();
                }
            });
        }
        return true;
    }

    /**
     * Moves pods to the revision kept when two revisions hold the same template; returns how many
     * could not be moved (logged).
     */
    public int relabel(List<Pod> podsToMove, String hash) {
        int failed = 0;
        for (Pod pod : podsToMove) {
            try {
                pods.setRevisionHash(pod, hash);
                LOG.info(
                        "pod {} moved to revision hash {}: its revision duplicated the current one",
                        pod.getMetadata().getName(),
                        hash);
            } catch (KubernetesClientException e) {
                LOG.info(
                        "could not move pod {} to revision hash {}: {}",
                        pod.getMetadata().getName(),
                        hash,
                        e.getMessage());
                failed++;
            }
        }
        return failed;
    }

    /** What this executor remembers per DaemonSet. */
    public ProvenTemplates provenTemplates() {
        return provenTemplates;
    }
}
