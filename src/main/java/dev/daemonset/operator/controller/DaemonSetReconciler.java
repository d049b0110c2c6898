package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.exec.EventRecorder;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.exec.StatusWriter;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.plan.Conditions;
import dev.daemonset.operator.plan.EventReasons;
import dev.daemonset.operator.plan.ManagePlan;
import dev.daemonset.operator.plan.ManagePlanner;
import dev.daemonset.operator.plan.NodeVerdict;
import dev.daemonset.operator.plan.OwnershipPlanner;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.PodClaims;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.plan.SpecValidator;
import dev.daemonset.operator.plan.StatusCalculator;
import dev.daemonset.operator.plan.Violation;
import dev.daemonset.operator.queue.KeyHandler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSetCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Syncs one DaemonSet. The method {@link #sync} reads as the recipe: read the caches, validate,
 * compute eligibility, settle ownership, plan and apply while no earlier write is unobserved, then
 * write status only if it changed.
 */
public final class DaemonSetReconciler implements KeyHandler<DaemonSetKey> {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonSetReconciler.class);
  /** Condition types this controller sets; it never removes or rewrites any other. */
  public static final Set<String> OWNED_CONDITIONS = Set.of(EventReasons.INVALID_SPEC);

  private final ClusterView view;
  private final CompiledDaemonSets compiled;
  private final Expectations<String> expectations;
  private final FailedPodBackoff backoff;
  private final PlanExecutor executor;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final java.util.concurrent.atomic.AtomicLong syncs = new java.util.concurrent.atomic.AtomicLong();

  DaemonSetReconciler(ClusterView view, CompiledDaemonSets compiled, Expectations<String> expectations,
      FailedPodBackoff backoff, PlanExecutor executor, StatusWriter statusWriter, EventRecorder events, Clock clock) {
    this(view, compiled, expectations, backoff, executor, statusWriter, events, clock, OperatorMetrics.NONE);
  }

  DaemonSetReconciler(ClusterView view, CompiledDaemonSets compiled, Expectations<String> expectations,
      FailedPodBackoff backoff, PlanExecutor executor, StatusWriter statusWriter, EventRecorder events, Clock clock,
      OperatorMetrics metrics) {
    this.view = view;
    this.compiled = compiled;
    this.expectations = expectations;
    this.backoff = backoff;
    this.executor = executor;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public Duration process(DaemonSetKey key) {
    MDC.put("daemonset", key.toString());
    syncs.incrementAndGet();
    try {
      DaemonSet ds = view.daemonSet(key);
      if (ds == null) {
        expectations.forget(key.toString());
        metrics.daemonSetGone(key.namespace(), key.name());
        LOG.debug("daemonset gone; expectations dropped");
        return null;
      }
      long started = System.nanoTime();
      boolean failed = true;
      try {
        Duration requeue = sync(key, ds);
        failed = false;
        return requeue;
      } finally {
        metrics.reconciled(key.namespace(), key.name(), Duration.ofNanos(System.nanoTime() - started), failed);
      }
    } finally {
      MDC.remove("daemonset");
    }
  }

  /** Syncs started since the operator started; lets tests and benchmarks wait for quiet. */
  long syncCount() {
    return syncs.get();
  }

  private Duration sync(DaemonSetKey key, DaemonSet ds) {
    Instant now = clock.instant();
    List<Violation> violations = SpecValidator.validate(ds.getSpec());
    if (!violations.isEmpty()) {
      reportInvalidSpec(ds, violations, now);
      return null;
    }
    if (ds.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    CompiledDaemonSet c = compiled.get(ds);
    List<NodeVerdict> verdicts = evaluate(c, view.nodes());
    List<Pod> owned = settleOwnership(ds);
    Map<String, List<Pod>> podsByNode = PodTargets.byNode(owned);

    Duration requeue = null;
    PlanExecutor.Outcome outcome = PlanExecutor.Outcome.OK;
    boolean settled = expectations.satisfied(key.toString());
    if (settled) {
      int desired = (int) verdicts.stream().filter(NodeVerdict::shouldRun).count();
      ManagePlan plan = ManagePlanner.plan(new ManagePlanner.Input(ds.getMetadata().getNamespace(), verdicts,
          podsByNode, c.hash(), c.spec().allowsSurge(desired), c.spec().minReadySeconds(),
          backoff.viewFor(ds.getMetadata().getUid()), now));
      if (!plan.isEmpty()) {
        LOG.info("plan: {} creates, {} deletes", plan.nodesNeedingPods().size(), plan.podsToDelete().size());
      }
      outcome = executor.apply(ds, key.toString(), plan, c.spec().template(), c.hash());
      requeue = plan.requeueAfter();
    } else {
      LOG.debug("waiting for earlier writes to be observed ({}); status only", expectations.describe(key.toString()));
    }

    DaemonSetStatus previous = ds.getStatus();
    Long observed = settled ? ds.getMetadata().getGeneration() : (previous == null ? null : previous.getObservedGeneration());
    List<DaemonSetCondition> conditions = Conditions.remove(previous == null ? null : previous.getConditions(),
        EventReasons.INVALID_SPEC);
    StatusCalculator.Result status = StatusCalculator.compute(new StatusCalculator.Input(verdicts, podsByNode,
        c.hash(), c.spec().minReadySeconds(), now, previous, observed, conditions));
    metrics.daemonSetStatus(key.namespace(), key.name(), status.status());
    writeStatusIfChanged(ds, status.status());
    if (outcome.failed()) {
      throw new SyncFailedException(outcome.failures() + " pod write(s) failed: " + outcome.firstError());
    }
    return earliest(requeue, status.requeueAfter());
  }

  private static List<NodeVerdict> evaluate(CompiledDaemonSet c, List<Node> nodes) {
    List<NodeVerdict> verdicts = new ArrayList<>(nodes.size());
    for (Node node : nodes) {
      verdicts.add(new NodeVerdict(node.getMetadata().getName(), c.rules().evaluate(node)));
    }
    return verdicts;
  }

  private List<Pod> settleOwnership(DaemonSet ds) {
    PodClaims claims = OwnershipPlanner.claim(ds.getSpec().getSelector(),
        ds.getMetadata().getDeletionTimestamp() != null,
        view.podsControlledBy(ds.getMetadata().getUid()),
        view.orphanPods(ds.getMetadata().getNamespace()));
    if (claims.toAdopt().isEmpty() && claims.toRelease().isEmpty()) {
      return claims.claimed();
    }
    return executor.settleOwnership(ds, claims);
  }

  /** No pod is touched for an invalid spec: the previous pods keep running until it is fixed. */
  private void reportInvalidSpec(DaemonSet ds, List<Violation> violations, Instant now) {
    String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    DaemonSetStatus previous = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    DaemonSetCondition existing = Conditions.find(previous.getConditions(), EventReasons.INVALID_SPEC);
    boolean alreadyReported = existing != null && "True".equals(existing.getStatus())
        && message.equals(existing.getMessage());
    if (alreadyReported) {
      return;
    }
    LOG.warn("invalid spec, no pods will be changed: {}", message);
    if (SpecValidator.selectsAll(ds.getSpec())) {
      events.record(ds, PlannedEvent.warning(EventReasons.SELECTING_ALL,
          "This daemon set is selecting all pods. A non-empty selector is required."));
    }
    events.record(ds, PlannedEvent.warning(EventReasons.INVALID_SPEC, message));
    DaemonSetStatus next = copyOf(previous);
    next.setConditions(Conditions.set(previous.getConditions(), EventReasons.INVALID_SPEC, true,
        EventReasons.INVALID_SPEC, message, now));
    statusWriter.write(ds, next);
  }

  private void writeStatusIfChanged(DaemonSet ds, DaemonSetStatus status) {
    if (status.equals(ds.getStatus())) {
      return;
    }
    statusWriter.write(ds, status);
  }

  private static DaemonSetStatus copyOf(DaemonSetStatus s) {
    DaemonSetStatus c = new DaemonSetStatus();
    c.setDesiredNumberScheduled(s.getDesiredNumberScheduled());
    c.setCurrentNumberScheduled(s.getCurrentNumberScheduled());
    c.setNumberMisscheduled(s.getNumberMisscheduled());
    c.setNumberReady(s.getNumberReady());
    c.setUpdatedNumberScheduled(s.getUpdatedNumberScheduled());
    c.setNumberAvailable(s.getNumberAvailable());
    c.setNumberUnavailable(s.getNumberUnavailable());
    c.setObservedGeneration(s.getObservedGeneration());
    c.setCollisionCount(s.getCollisionCount());
    c.setConditions(Conditions.copy(s.getConditions()));
    return c;
  }

  private static Duration earliest(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  /** A sync that wrote some but not all of its plan; the queue retries it with backoff. */
  static final class SyncFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyncFailedException(String message) {
      super(message);
    }
  }
}
