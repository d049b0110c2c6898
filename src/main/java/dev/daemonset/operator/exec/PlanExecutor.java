package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.EventReasons;
import dev.daemonset.operator.plan.ManagePlan;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.PodDeletion;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies plans: the one place that writes pods. Expectations are recorded before the first write,
 * so a watch event that arrives before the write call returns is still counted.
 *
 * <p>Creates go out in slow-start batches (1, 2, 4, ...) and stop at the first failing batch: a
 * template the API server rejects costs one request, not hundreds. Deletes go out in parallel.
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

  public PlanExecutor(PodControl pods, EventRecorder events, Expectations<String> expectations,
      FailedPodBackoff backoff, ExecutorService writers, Clock clock, int burst) {
    this.pods = pods;
    this.events = events;
    this.expectations = expectations;
    this.backoff = backoff;
    this.writers = writers;
    this.clock = clock;
    this.burst = burst;
  }

  /** The outcome of applying a plan: how many writes failed. */
  public record Outcome(int failures, String firstError) {
    public static final Outcome OK = new Outcome(0, null);

    public boolean failed() {
      return failures > 0;
    }
  }

  /**
   * Adopts and releases as claimed; returns the pods the DaemonSet now owns. A pod whose adoption
   * failed (someone else changed it first) is left for the next sync rather than guessed about.
   */
  public List<Pod> settleOwnership(DaemonSet ds, Claims<Pod> claims) {
    List<Pod> owned = new ArrayList<>(claims.claimed().size() + claims.toAdopt().size());
    owned.addAll(claims.claimed());
    for (Pod pod : claims.toAdopt()) {
      try {
        pods.setOwnerReferences(pod, OwnerRefs.adding(pod, DaemonPodFactory.controllerRef(ds)));
        owned.add(pod);
        LOG.info("adopted pod {}", pod.getMetadata().getName());
      } catch (KubernetesClientException e) {
        LOG.info("could not adopt pod {}: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
    for (Pod pod : claims.toRelease()) {
      try {
        pods.setOwnerReferences(pod, OwnerRefs.removing(pod, ds.getMetadata().getUid()));
        LOG.info("released pod {}: its labels no longer match the selector", pod.getMetadata().getName());
      } catch (KubernetesClientException e) {
        LOG.info("could not release pod {}: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
    return owned;
  }

  public Outcome apply(DaemonSet ds, String key, ManagePlan plan, PodTemplateSpec template, String hash) {
    Instant now = clock.instant();
    for (String node : plan.failedPodBackoffNodes()) {
      backoff.advance(ds.getMetadata().getUid(), node, now);
    }
    plan.events().forEach(e -> events.record(ds, e));
    if (plan.isEmpty()) {
      return Outcome.OK;
    }
    List<String> creates = plan.nodesNeedingPods().subList(0, Math.min(burst, plan.nodesNeedingPods().size()));
    List<PodDeletion> deletes = plan.podsToDelete().subList(0, Math.min(burst, plan.podsToDelete().size()));
    Set<String> deleteUids = new HashSet<>();
    deletes.forEach(d -> deleteUids.add(d.pod().getMetadata().getUid()));
    expectations.expect(key, creates, deleteUids);

    AtomicInteger failures = new AtomicInteger();
    String[] firstError = new String[1];
    createInSlowStartBatches(ds, key, creates, template, hash, failures, firstError);
    deleteInParallel(ds, key, deletes, failures, firstError);
    return failures.get() == 0 ? Outcome.OK : new Outcome(failures.get(), firstError[0]);
  }

  private void createInSlowStartBatches(DaemonSet ds, String key, List<String> nodes, PodTemplateSpec template,
      String hash, AtomicInteger failures, String[] firstError) {
    int pos = 0;
    int batch = Math.min(1, nodes.size());
    while (pos < nodes.size()) {
      int before = failures.get();
      List<CompletableFuture<Void>> inFlight = new ArrayList<>(batch);
      for (String node : nodes.subList(pos, pos + batch)) {
        inFlight.add(CompletableFuture.runAsync(() -> createOne(ds, key, node, template, hash, failures, firstError),
            writers));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
      pos += batch;
      if (failures.get() > before && pos < nodes.size()) {
        int skipped = nodes.size() - pos;
        expectations.lowerCreations(key, skipped);
        LOG.info("slow-start: a create failed, skipping the remaining {} creates until the next sync", skipped);
        return;
      }
      batch = Math.min(batch * 2, nodes.size() - pos);
    }
  }

  private void createOne(DaemonSet ds, String key, String node, PodTemplateSpec template, String hash,
      AtomicInteger failures, String[] firstError) {
    Pod pod = DaemonPodFactory.newPod(ds, template, hash, node);
    try {
      Pod created = pods.create(pod);
      events.record(ds, PlannedEvent.normal(EventReasons.SUCCESSFUL_CREATE,
          "Created pod: " + created.getMetadata().getName()));
    } catch (RuntimeException e) {
      if (WriteFailures.isUncertain(e)) {
        expectations.creationUncertain(key);
      } else {
        expectations.lowerCreations(key, 1);
      }
      failures.incrementAndGet();
      String message = "Error creating: " + messageOf(e);
      synchronized (firstError) {
        if (firstError[0] == null) {
          firstError[0] = message;
        }
      }
      LOG.warn("failed to create daemon pod for node {}: {}", node, messageOf(e));
      events.record(ds, PlannedEvent.warning(EventReasons.FAILED_CREATE, message));
    }
  }

  private void deleteInParallel(DaemonSet ds, String key, List<PodDeletion> deletes, AtomicInteger failures,
      String[] firstError) {
    List<CompletableFuture<Void>> inFlight = new ArrayList<>(deletes.size());
    for (PodDeletion d : deletes) {
      inFlight.add(CompletableFuture.runAsync(() -> deleteOne(ds, key, d, failures, firstError), writers));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
  }

  private void deleteOne(DaemonSet ds, String key, PodDeletion d, AtomicInteger failures, String[] firstError) {
    Pod pod = d.pod();
    String uid = pod.getMetadata().getUid();
    try {
      boolean deleted = pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
      if (!deleted) {
        expectations.deletionObserved(key, uid);
        return;
      }
      LOG.info("deleted pod {} ({})", pod.getMetadata().getName(), d.reason());
      events.record(ds, PlannedEvent.normal(EventReasons.SUCCESSFUL_DELETE,
          "Deleted pod: " + pod.getMetadata().getName()));
    } catch (RuntimeException e) {
      if (WriteFailures.isNotFound(e)) {
        expectations.deletionObserved(key, uid);
        return;
      }
      if (WriteFailures.isUncertain(e)) {
        expectations.deletionUncertain(key, uid);
      } else {
        expectations.deletionObserved(key, uid);
      }
      failures.incrementAndGet();
      String message = "Error deleting pod " + pod.getMetadata().getName() + ": " + messageOf(e);
      synchronized (firstError) {
        if (firstError[0] == null) {
          firstError[0] = message;
        }
      }
      LOG.warn("failed to delete daemon pod {}: {}", pod.getMetadata().getName(), messageOf(e));
      events.record(ds, PlannedEvent.warning(EventReasons.FAILED_DELETE, message));
    }
  }

  static String messageOf(RuntimeException e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return e.getMessage();
  }
}
