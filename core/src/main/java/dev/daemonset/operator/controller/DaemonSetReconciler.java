package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.exec.EventRecorder;
import dev.daemonset.operator.exec.Expectations;
import dev.daemonset.operator.exec.FailedPodBackoff;
import dev.daemonset.operator.exec.OwnershipSettler;
import dev.daemonset.operator.exec.PlanExecutor;
import dev.daemonset.operator.exec.StatusWriter;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.plan.Conditions;
import dev.daemonset.operator.plan.EventReasons;
import dev.daemonset.operator.plan.LabelSelectors;
import dev.daemonset.operator.plan.ManagePlan;
import dev.daemonset.operator.plan.ManagePlanner;
import dev.daemonset.operator.plan.NodeVerdict;
import dev.daemonset.operator.plan.RolloutProblems;
import dev.daemonset.operator.plan.NodeVerdicts;
import dev.daemonset.operator.plan.OwnershipPlanner;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.plan.RolloutConditions;
import dev.daemonset.operator.plan.RolloutPlan;
import dev.daemonset.operator.plan.RolloutPlanner;
import dev.daemonset.operator.plan.SpecValidator;
import dev.daemonset.operator.plan.StatusCalculator;
import dev.daemonset.operator.plan.Violation;
import dev.daemonset.operator.pods.DaemonPodFactory;
import dev.daemonset.operator.queue.KeyHandler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Syncs one DaemonSet. {@link #sync} reads as the recipe: read the caches, validate, find the
 * revision, compute eligibility, settle ownership, then — only while no earlier write is unobserved —
 * manage pods, and if manage had nothing to do, take one rolling-update step; prune history; write
 * status only if it changed.
 */
public final class DaemonSetReconciler implements KeyHandler<DaemonSetKey> {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonSetReconciler.class);
  /** Condition types this controller sets; it never removes or rewrites any other. */
  public static final Set<String> OWNED_CONDITIONS = Set.of(EventReasons.INVALID_SPEC,
      RolloutConditions.PROGRESSING, RolloutConditions.COMPLETE, RolloutConditions.PAUSED, RolloutConditions.STALLED);

  /** How soon to plan again after moving pods off a duplicate revision: time for the cache to show it. */
  static final Duration DUPLICATES_SETTLE = Duration.ofSeconds(1);

  private final ClusterView view;
  private final CompiledDaemonSets compiled;
  private final HistoryManager history;
  private final AcceptedSelectors selectors;
  private final Expectations<String> expectations;
  private final FailedPodBackoff backoff;
  private final PlanExecutor executor;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;
  private final StatusPacer pacer;
  private final OperatorMetrics metrics;
  private final JoinedNodes joinedNodes;
  private final Consumer<DaemonSetKey> retryLater;
  private final Consumer<DaemonSetKey> foundGone;
  private final AtomicLong syncs = new AtomicLong();

  DaemonSetReconciler(ClusterView view, CompiledDaemonSets compiled, HistoryManager history,
      AcceptedSelectors selectors, Expectations<String> expectations, FailedPodBackoff backoff, PlanExecutor executor,
      StatusWriter statusWriter, EventRecorder events, Clock clock, StatusPacer pacer, OperatorMetrics metrics,
      JoinedNodes joinedNodes, Consumer<DaemonSetKey> retryLater, Consumer<DaemonSetKey> foundGone) {
    this.view = view;
    this.compiled = compiled;
    this.history = history;
    this.selectors = selectors;
    this.expectations = expectations;
    this.backoff = backoff;
    this.executor = executor;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
    this.pacer = pacer;
    this.metrics = metrics;
    this.joinedNodes = joinedNodes;
    this.retryLater = retryLater;
    this.foundGone = foundGone;
  }

  @Override
  public Duration process(DaemonSetKey key) {
    MDC.put("daemonset", key.toString());
    syncs.incrementAndGet();
    try {
      DaemonSet ds = view.daemonSet(key);
      if (ds == null) {
        expectations.forget(key.toString());
        executor.forget(key.toString());
        metrics.daemonSetGone(key.namespace(), key.name());
        // the queue ran this after any sync of the key under way when it went: what those put back can go now
        foundGone.accept(key);
        LOG.debug("daemonset gone; expectations dropped");
        return null;
      }
      long started = System.nanoTime();
      boolean failed = true;
      try {
        if (createdOnJoinedNodes(key, ds, joinedNodes.take(key))) {
          failed = false;
          // the full sync (status, and anything else) comes after the other DaemonSets' joined nodes, and
          // late enough not to take the CPU from their creates
          return Operator.COALESCE;
        }
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

  /**
   * The pods for nodes that just joined, ahead of the full sync: a full sync costs O(nodes + pods),
   * milliseconds at 5,000 nodes, and with ten DaemonSets a new node would wait for ten of them before
   * its last pod is created. Only for a DaemonSet already synced at its generation, only on nodes
   * with no pod of it (nor an orphan it might adopt) and no create under way; anything else is left
   * to the full sync. Returns whether it created anything.
   */
  private boolean createdOnJoinedNodes(DaemonSetKey key, DaemonSet ds, Set<String> joined) {
    if (joined.isEmpty() || ds.getMetadata().getDeletionTimestamp() != null || ds.getStatus() == null
        || !Objects.equals(ds.getStatus().getObservedGeneration(), ds.getMetadata().getGeneration())
        || selectors.changed(ds) != null) {
      return false;
    }
    CompiledDaemonSet c = compiled.get(ds);
    // expectations before pods, as in the full sync
    Set<String> awaiting = expectations.satisfied(key.toString()) ? Set.of()
        : expectations.nodesAwaitingCreation(key.toString());
    if (c == null || awaiting == null) {
      return false;
    }
    List<String> create = new ArrayList<>();
    for (String name : joined) {
      Node node = view.node(name);
      if (node != null && !awaiting.contains(name) && c.rules().evaluate(node).shouldRun()
          && !hasPodFor(ds, name)) {
        create.add(name);
      }
    }
    if (create.isEmpty()) {
      return false;
    }
    HistoryManager.Result revision = history.sync(ds, c);
    String hash = revision.updateHash();
    LOG.info("creating pods on {} joined node(s) ahead of the full sync", create.size());
    // a failed create lowers the expectations; the retry lets the full sync try that node again
    if (!executor.createInBackground(ds, key.toString(), create, c.spec().template(), hash,
        revision.templateGeneration(), () -> retryLater.accept(key))) {
      executor.apply(ds, key.toString(), new ManagePlan(create, List.of(), List.of(), List.of(), null),
          c.spec().template(), hash, revision.templateGeneration());
    }
    return true;
  }

  private boolean hasPodFor(DaemonSet ds, String node) {
    for (Pod pod : view.podsOnNode(node)) {
      var controller = Owners.controllerOf(pod);
      if (controller == null ? LabelSelectors.matches(ds.getSpec().getSelector(), pod.getMetadata().getLabels())
          : ds.getMetadata().getUid().equals(controller.getUid())) {
        return true;
      }
    }
    return false;
  }

  private Duration sync(DaemonSetKey key, DaemonSet ds) {
    Instant now = clock.instant();
    List<Violation> violations = violations(ds);
    if (!violations.isEmpty()) {
      return serveLastValidRevision(key, ds, violations, now);
    }
    selectors.remember(ds);
    if (ds.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    // Before the pods are read, as upstream does: once met, every write counted has reached the cache, so
    // the read below sees it. Checked after the read, a pod the informer delivers in between is counted
    // but missing from the snapshot, and its node gets a second pod.
    boolean settled = expectations.satisfied(key.toString());
    CompiledDaemonSet c = compiled.get(ds);
    HistoryManager.Result revision = history.sync(ds, c);
    annotateTemplateGeneration(ds, revision.templateGeneration());
    String hash = revision.updateHash();
    List<NodeVerdict> verdicts = evaluate(c, view.nodes());
    Set<String> awaitingCreation = settled ? Set.of() : expectations.nodesAwaitingCreation(key.toString());
    OwnershipSettler.Ownership<Pod> ownership = settleOwnership(ds);
    if (!ownership.settled()) {
      // as upstream: no pod is created or deleted, and no status written, on a claim that failed
      throw new SyncFailedException(ownership.failure());
    }
    List<Pod> owned = ownership.owned();
    if (!revision.duplicates().isEmpty()) {
      return moveOffDuplicates(ds, revision, owned);
    }
    Map<String, List<Pod>> podsByNode = PodTargets.byNode(owned);
    RolloutPlan rollout = RolloutPlanner.plan(new RolloutPlanner.Input(verdicts, podsByNode, hash, c.spec(), now));

    Duration requeue = null;
    PlanExecutor.Outcome outcome = PlanExecutor.Outcome.OK;
    if (settled) {
      int desired = (int) verdicts.stream().filter(NodeVerdict::shouldRun).count();
      ManagePlan plan = ManagePlanner.plan(new ManagePlanner.Input(ds.getMetadata().getNamespace(), verdicts,
          podsByNode, hash, c.spec().allowsSurge(desired), c.spec().minReadySeconds(),
          backoff.viewFor(ds), now));
      requeue = plan.requeueAfter();
      if (plan.isEmpty() && c.spec().isRollingUpdate() && !rollout.asWrites().isEmpty()) {
        plan = rollout.asWrites();
        LOG.info("rolling update: {} surge creates, {} replacements (maxUnavailable {}, maxSurge {})",
            plan.nodesNeedingPods().size(), plan.podsToDelete().size(), rollout.budget().maxUnavailable(),
            rollout.budget().maxSurge());
      } else if (replacesAlongsideCreates(plan, rollout, c)) {
        LOG.info("plan: {} creates; rolling update: {} replacements (maxUnavailable {})",
            plan.nodesNeedingPods().size(), rollout.asWrites().podsToDelete().size(), rollout.budget().maxUnavailable());
        plan = new ManagePlan(plan.nodesNeedingPods(), rollout.asWrites().podsToDelete(), plan.failedPodBackoffNodes(),
            plan.events(), plan.requeueAfter());
      } else if (!plan.isEmpty()) {
        LOG.info("plan: {} creates, {} deletes", plan.nodesNeedingPods().size(), plan.podsToDelete().size());
      }
      outcome = executor.apply(ds, key.toString(), plan, c.spec().template(), hash, revision.templateGeneration());
    } else if (awaitingCreation != null) {
      ManagePlan plan = createsOnNodesWithoutPods(verdicts, podsByNode, awaitingCreation);
      if (!plan.isEmpty()) {
        LOG.info("plan: {} creates while {} earlier creates are not yet observed", plan.nodesNeedingPods().size(),
            awaitingCreation.size());
        outcome = executor.apply(ds, key.toString(), plan, c.spec().template(), hash, revision.templateGeneration());
      }
    } else {
      LOG.debug("waiting for earlier writes to be observed ({}); status only", expectations.describe(key.toString()));
      requeue = expectations.untilReleased(key.toString());
    }
    history.cleanup(ds, revision.old(), c.spec().revisionHistoryLimit(), liveHashes(owned));

    Duration statusRequeue = writeStatus(ds, c, verdicts, podsByNode, hash, revision.updateRevision(), rollout,
        settled, now);
    if (outcome.failed()) {
      throw new SyncFailedException(outcome.failures() + " pod write(s) failed: " + outcome.firstError());
    }
    return earliest(earliest(requeue, rollout.requeueAfter()), statusRequeue);
  }

  /**
   * Informational, as upstream's: a refusal (a Role from before the operator kept it, without patch on
   * daemonsets) is logged and the sync goes on.
   */
  /**
   * Two revisions hold the current template (created by another controller, or before templates were
   * compared by their defaulted form): as upstream, the pods of the others move to the kept one and the
   * others go. Planning waits for the next sync, when the cache shows the pods relabelled; else their
   * old label would have them rolled for a template they already run.
   */
  private Duration moveOffDuplicates(DaemonSet ds, HistoryManager.Result revision, List<Pod> owned) {
    Set<String> duplicateHashes = new HashSet<>();
    revision.duplicates().forEach(r -> duplicateHashes.add(r.hash()));
    List<Pod> toMove = owned.stream().filter(p -> p.getMetadata().getLabels() != null
        && duplicateHashes.contains(p.getMetadata().getLabels().get(DaemonPodFactory.REVISION_HASH_LABEL))).toList();
    if (executor.relabel(toMove, revision.updateHash()) > 0) {
      throw new SyncFailedException("could not move every pod off a duplicate revision");
    }
    history.deleteDuplicates(ds, revision.duplicates());
    return DUPLICATES_SETTLE;
  }

  private void annotateTemplateGeneration(DaemonSet ds, long generation) {
    Map<String, String> annotations = ds.getMetadata().getAnnotations();
    if (annotations != null && Long.toString(generation).equals(
        annotations.get(StatusWriter.TEMPLATE_GENERATION_ANNOTATION))) {
      return;
    }
    try {
      statusWriter.annotateTemplateGeneration(ds, generation);
    } catch (KubernetesClientException e) {
      LOG.info("could not set {} to {}: {}", StatusWriter.TEMPLATE_GENERATION_ANNOTATION, generation, e.getMessage());
    }
  }

  /**
   * Upstream's sync creates the missing pods and takes the next rolling-update step in one pass;
   * waiting for the creates to be observed before deleting the next old pods doubles the number of
   * round trips a rollout takes. Safe without surge: a node whose pod is still to be created counts
   * as unavailable in the step's budget. With surge, or when manage deletes anything, the step waits.
   */
  private static boolean replacesAlongsideCreates(ManagePlan plan, RolloutPlan rollout, CompiledDaemonSet c) {
    return c.spec().isRollingUpdate() && !plan.nodesNeedingPods().isEmpty() && plan.podsToDelete().isEmpty()
        && rollout.budget().maxSurge() == 0 && rollout.asWrites().nodesNeedingPods().isEmpty()
        && !rollout.asWrites().podsToDelete().isEmpty();
  }

  /**
   * While only creates of earlier syncs are unobserved, pods for the other nodes need not wait for
   * them: without this, every burst of 250 creates waits for the cache to catch up before the next,
   * and at 5,000 nodes those waits add up to seconds. Only nodes with no pod at all and no create
   * under way get one; deletions, replacements and rolling-update steps wait until all is observed.
   */
  private static ManagePlan createsOnNodesWithoutPods(List<NodeVerdict> verdicts, Map<String, List<Pod>> podsByNode,
      Set<String> awaitingCreation) {
    List<String> nodes = new ArrayList<>();
    for (NodeVerdict v : verdicts) {
      if (v.shouldRun() && !podsByNode.containsKey(v.nodeName()) && !awaitingCreation.contains(v.nodeName())) {
        nodes.add(v.nodeName());
      }
    }
    return new ManagePlan(nodes, List.of(), List.of(), List.of(), null);
  }

  private Duration writeStatus(DaemonSet ds, CompiledDaemonSet c, List<NodeVerdict> verdicts,
      Map<String, List<Pod>> podsByNode, String hash, String updateRevision, RolloutPlan rollout, boolean settled,
      Instant now) {
    DaemonSetStatus previous = ds.getStatus();
    Long observed = settled ? ds.getMetadata().getGeneration()
        : (previous == null ? null : previous.getObservedGeneration());
    List<DaemonSetCondition> conditions = Conditions.remove(previous == null ? null : previous.getConditions(),
        EventReasons.INVALID_SPEC);
    StatusCalculator.Result computed = StatusCalculator.compute(new StatusCalculator.Input(verdicts, podsByNode, hash,
        c.spec().minReadySeconds(), now, previous, observed, conditions));
    DaemonSetStatus status = computed.status();
    status.setUpdateRevision(updateRevision);
    boolean allUpdated = status.getUpdatedNumberScheduled().equals(status.getDesiredNumberScheduled());
    status.setCurrentRevision(allUpdated ? updateRevision : (previous == null ? null : previous.getCurrentRevision()));

    RolloutConditions.Result rolloutConditions = RolloutConditions.compute(new RolloutConditions.Input(
        c.spec().isRollingUpdate(), c.spec().paused(), status.getDesiredNumberScheduled(),
        status.getUpdatedNumberScheduled(), status.getNumberAvailable(), rollout.updateSet().size(),
        rollout.partitionCount(), RolloutProblems.describe(rollout.pendingNodes(), podsByNode, hash, c.spec().minReadySeconds(), now),
        c.spec().progressDeadlineSeconds(), status.getConditions(), now));
    status.setConditions(rolloutConditions.conditions());
    announceStall(ds, previous, status);
    metrics.daemonSetStatus(ds.getMetadata().getNamespace(), ds.getMetadata().getName(), status);
    return earliest(earliest(computed.requeueAfter(), rolloutConditions.requeueAfter()), writeIfChanged(ds, status, now));
  }

  /** Writes the status unless it is unchanged or paced; returns when to come back for a paced write. */
  private Duration writeIfChanged(DaemonSet ds, DaemonSetStatus status, Instant now) {
    DaemonSetStatus previous = ds.getStatus();
    if (status.equals(previous)) {
      return null;
    }
    Duration wait = pacer.delay(ds.getMetadata().getUid(), previous, status, now);
    if (wait != null) {
      return wait;
    }
    statusWriter.write(ds, status);
    pacer.written(ds.getMetadata().getUid(), now);
    return null;
  }

  private void announceStall(DaemonSet ds, DaemonSetStatus previous, DaemonSetStatus next) {
    DaemonSetCondition before = Conditions.find(previous == null ? null : previous.getConditions(),
        RolloutConditions.STALLED);
    DaemonSetCondition after = Conditions.find(next.getConditions(), RolloutConditions.STALLED);
    boolean wasStalled = before != null && "True".equals(before.getStatus());
    if (after != null && "True".equals(after.getStatus()) && !wasStalled) {
      LOG.warn("rollout stalled: {}", after.getMessage());
      events.record(ds, PlannedEvent.warning("RolloutStalled", after.getMessage()));
    }
  }

  private static List<NodeVerdict> evaluate(CompiledDaemonSet c, List<Node> nodes) {
    return NodeVerdicts.of(c.rules(), c.spec().rolloutNodeSelector() != null, nodes);
  }

  private OwnershipSettler.Ownership<Pod> settleOwnership(DaemonSet ds) {
    Claims<Pod> claims = OwnershipPlanner.claim(ds.getSpec().getSelector(),
        ds.getMetadata().getDeletionTimestamp() != null,
        view.podsControlledBy(ds.getMetadata().getUid()),
        view.orphanPods(ds.getMetadata().getNamespace()));
    if (claims.settled()) {
      return new OwnershipSettler.Ownership<>(claims.claimed(), null);
    }
    return executor.settleOwnership(ds, claims);
  }

  private static Set<String> liveHashes(List<Pod> pods) {
    Set<String> hashes = new HashSet<>();
    for (Pod pod : pods) {
      String h = pod.getMetadata().getLabels() == null ? null
          : pod.getMetadata().getLabels().get(DaemonPodFactory.REVISION_HASH_LABEL);
      if (h != null) {
        hashes.add(h);
      }
    }
    return hashes;
  }

  private List<Violation> violations(DaemonSet ds) {
    if (ds instanceof UnreadableDaemonSet unreadable) {
      return unreadable.problems();
    }
    List<Violation> violations = new ArrayList<>(SpecValidator.validate(ds.getSpec()));
    Violation selectorChange = selectors.changed(ds);
    if (selectorChange != null) {
      violations.add(selectorChange);
    }
    return violations;
  }

  /**
   * An invalid spec freezes the rollout, not the service. Upstream's API server refuses an invalid
   * update, so the last valid spec goes on being reconciled; here the update is already stored, so
   * the controller serves the last valid revision instead: a new node gets its pod, a deleted or
   * failed pod is replaced, but nothing is rolled, adopted, released or pruned because of the spec.
   * Only pods this DaemonSet already controls count, as its selector can no longer be trusted. A
   * DaemonSet that was never valid has no revision, and gets no pod.
   */
  private Duration serveLastValidRevision(DaemonSetKey key, DaemonSet ds, List<Violation> violations, Instant now) {
    String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    DaemonSetStatus previous = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    announceInvalidSpec(ds, previous, message);
    List<DaemonSetCondition> conditions = Conditions.set(previous.getConditions(), EventReasons.INVALID_SPEC, true,
        EventReasons.INVALID_SPEC, message, now);
    String uid = ds.getMetadata().getUid();
    LastValidRevision served = ds.getMetadata().getDeletionTimestamp() != null ? null
        : LastValidRevision.of(view.revisionsControlledBy(uid));
    // observed, though not accepted: the condition says why, and `rollout status` can say so at once
    Long observed = ds.getMetadata().getGeneration();
    if (served == null) {
      DaemonSetStatus next = previous.copy();
      next.setConditions(conditions);
      next.setObservedGeneration(observed);
      if (!next.equals(ds.getStatus())) {
        statusWriter.write(ds, next);
      }
      return null;
    }
    int minReadySeconds = servedMinReadySeconds(ds);
    boolean settled = expectations.satisfied(key.toString());
    List<NodeVerdict> verdicts = NodeVerdicts.of(served.rules(), false, view.nodes());
    Map<String, List<Pod>> podsByNode = PodTargets.byNode(view.podsControlledBy(uid));
    Duration requeue;
    PlanExecutor.Outcome outcome = PlanExecutor.Outcome.OK;
    if (settled) {
      // with surge allowed, an old pod whose replacement already runs goes only once that one is available
      ManagePlan plan = ManagePlanner.plan(new ManagePlanner.Input(ds.getMetadata().getNamespace(), verdicts,
          podsByNode, served.hash(), true, minReadySeconds, backoff.viewFor(ds), now));
      requeue = plan.requeueAfter();
      if (!plan.isEmpty()) {
        LOG.info("spec invalid; serving the last valid revision {}: {} creates, {} deletes", served.name(),
            plan.nodesNeedingPods().size(), plan.podsToDelete().size());
      }
      outcome = executor.apply(ds, key.toString(), plan, served.template(), served.hash(), served.number());
    } else {
      requeue = expectations.untilReleased(key.toString());
    }
    StatusCalculator.Result computed = StatusCalculator.compute(new StatusCalculator.Input(verdicts, podsByNode,
        served.hash(), minReadySeconds, now, ds.getStatus(), observed, conditions));
    DaemonSetStatus status = computed.status();
    status.setUpdateRevision(previous.getUpdateRevision());
    status.setCurrentRevision(previous.getCurrentRevision());
    status.setCollisionCount(previous.getCollisionCount());
    metrics.daemonSetStatus(ds.getMetadata().getNamespace(), ds.getMetadata().getName(), status);
    requeue = earliest(requeue, writeIfChanged(ds, status, now));
    if (outcome.failed()) {
      throw new SyncFailedException(outcome.failures() + " pod write(s) failed: " + outcome.firstError());
    }
    return earliest(requeue, computed.requeueAfter());
  }

  /** The spec's minReadySeconds where it can be read and makes sense, else apps/v1's default. */
  private static int servedMinReadySeconds(DaemonSet ds) {
    Integer m = ds.getSpec() == null ? null : ds.getSpec().getMinReadySeconds();
    return m == null || m < 0 ? 0 : m;
  }

  /** A log line and a Warning event when what is wrong changes; not on every sync. */
  private void announceInvalidSpec(DaemonSet ds, DaemonSetStatus previous, String message) {
    DaemonSetCondition existing = Conditions.find(previous.getConditions(), EventReasons.INVALID_SPEC);
    if (existing != null && "True".equals(existing.getStatus()) && message.equals(existing.getMessage())) {
      return;
    }
    LOG.warn("invalid spec; nothing is rolled out until it is fixed: {}", message);
    if (SpecValidator.selectsAll(ds.getSpec())) {
      events.record(ds, PlannedEvent.warning(EventReasons.SELECTING_ALL,
          "This daemon set is selecting all pods. A non-empty selector is required."));
    }
    events.record(ds, PlannedEvent.warning(EventReasons.INVALID_SPEC, message));
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
