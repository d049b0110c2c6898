package dev.daemonset.operator.exec;

import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.ManagePlan;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.RevisionInfo;
import dev.daemonset.operator.plan.RevisionPlan;
import dev.daemonset.operator.plan.SyncPlan;
import dev.daemonset.operator.pods.Revisions;
import dev.daemonset.operator.pods.TemplateEquivalence;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor makes every write of a plan, in its order, and stops where the plan must not go on. */
class SyncExecutorTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    private final ExecutorService writers = Executors.newFixedThreadPool(4);
    private final Recorder cluster = new Recorder();
    private final Expectations<String> expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
    private final FailedPodBackoff backoff = new FailedPodBackoff();
    private final SyncExecutor executor = new SyncExecutor(
            new PlanExecutor(cluster, cluster, expectations, backoff, writers, 4, clock, 250),
            cluster,
            cluster,
            cluster,
            expectations);
    private final DaemonSet ds = daemonSet("agent");
    private final PodTemplateSpec template = ds.getSpec().getTemplate();

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    /** Records every write, in the order made; each kind can be made to fail. */
    private static final class Recorder implements PodControl, RevisionControl, StatusWriter, EventRecorder {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final List<PlannedEvent> events = new CopyOnWriteArrayList<>();
        final List<DaemonSetStatus> statuses = new CopyOnWriteArrayList<>();
        final Map<String, ControllerRevision> revisions = new ConcurrentHashMap<>();
        final AtomicInteger createAttempts = new AtomicInteger();
        Predicate<Pod> createFails = p -> false;
        RuntimeException createFailure = new KubernetesClientException("forbidden", 403, null);
        boolean adoptionFails;

        @Override
        public Pod create(Pod pod) {
            createAttempts.incrementAndGet();
            if (createFails.test(pod)) {
                throw createFailure;
            }
            writes.add("create pod on "
                    + pod.getSpec()
                            .getAffinity()
                            .getNodeAffinity()
                            .getRequiredDuringSchedulingIgnoredDuringExecution()
                            .getNodeSelectorTerms()
                            .get(0)
                            .getMatchFields()
                            .get(0)
                            .getValues()
                            .get(0));
            pod.getMetadata().setName("agent-" + createAttempts.get());
            return pod;
        }

        @Override
        public boolean delete(String namespace, String name, String uid) {
            writes.add("delete pod " + name);
            return true;
        }

        @Override
        public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
            if (adoptionFails) {
                throw new KubernetesClientException("conflict", 409, null);
            }
            writes.add("adopt pod " + pod.getMetadata().getName());
        }

        @Override
        public void setRevisionHash(Pod pod, String hash) {
            writes.add("relabel pod " + pod.getMetadata().getName());
        }

        @Override
        public ControllerRevision create(ControllerRevision revision) {
            if (revisions.containsKey(revision.getMetadata().getName())) {
                throw new KubernetesClientException("already exists", 409, null);
            }
            writes.add("create revision " + revision.getMetadata().getName());
            revisions.put(revision.getMetadata().getName(), revision);
            return revision;
        }

        @Override
        public ControllerRevision get(String namespace, String name) {
            return revisions.get(name);
        }

        @Override
        public void renumber(ControllerRevision revision, long number) {
            writes.add("renumber revision " + revision.getMetadata().getName());
        }

        @Override
        public void delete(String namespace, String name) {
            writes.add("delete revision " + name);
        }

        @Override
        public void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences) {
            writes.add("adopt revision " + revision.getMetadata().getName());
        }

        @Override
        public void annotate(ControllerRevision revision, String key, String value) {
            writes.add("annotate revision " + revision.getMetadata().getName());
        }

        @Override
        public void write(DaemonSet ds, DaemonSetStatus status) {
            writes.add("status");
            statuses.add(status);
        }

        @Override
        public void annotateTemplateGeneration(DaemonSet ds, long generation) {
            writes.add("template generation " + generation);
        }

        @Override
        public void record(DaemonSet ds, PlannedEvent event) {
            events.add(event);
        }
    }

    private RevisionPlan newRevision(String hash) {
        return new RevisionPlan(
                null,
                new RevisionPlan.NewRevision(
                        Revisions.name(ds, hash), hash, 2, TemplateEquivalence.key(template), template),
                null,
                null,
                Revisions.name(ds, hash),
                hash,
                2,
                List.of(),
                List.of());
    }

    private SyncPlan plan(
            RevisionPlan revision,
            Claims<Pod> claims,
            List<String> creates,
            List<RevisionInfo> prune,
            boolean writeStatus) {
        return new SyncPlan(
                SyncPlan.Mode.FULL,
                revision,
                2L,
                claims,
                null,
                new SyncPlan.PodWrites(
                        new ManagePlan(creates, List.of(), List.of(), List.of(), null), template, "v2", 2, false),
                prune,
                new SyncPlan.StatusUpdate(new DaemonSetStatus(), writeStatus, true, clock.instant()),
                List.of(PlannedEvent.warning("RolloutStalled", "stuck")),
                null,
                "plan");
    }

    @Test
    void writesRevisionOwnershipPodsHistoryStatusAndEventsInThatOrder() {
        Pod orphan = daemonPod(ds, "n9", "v2", 1);
        SyncPlan plan = plan(
                newRevision("v2"),
                new Claims<>(List.of(), List.of(orphan), List.of()),
                List.of("n1"),
                List.of(new RevisionInfo("agent-v0", "v0", 1, "k0")),
                true);

        SyncExecutor.Outcome outcome = executor.execute(ds, plan, () -> {});

        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.statusWritten()).isTrue();
        assertThat(cluster.writes)
                .containsExactly(
                        "create revision agent-v2",
                        "template generation 2",
                        "adopt pod " + orphan.getMetadata().getName(),
                        "create pod on n1",
                        "delete revision agent-v0",
                        "status");
        assertThat(cluster.events)
                .extracting(PlannedEvent::reason)
                .containsExactly("SuccessfulCreate", "RolloutStalled");
    }

    @Test
    void aRevisionNameTakenByAnotherTemplateRaisesTheCollisionCountAndStops() {
        PodTemplateSpec other = Fixtures.template(Map.of("app", "agent"), "registry.example/agent:9.9");
        cluster.revisions.put("agent-v2", Revisions.snapshot(ds, other, "v2", 1));

        SyncExecutor.Outcome outcome =
                executor.execute(ds, plan(newRevision("v2"), null, List.of("n1"), List.of(), true), () -> {});

        assertThat(outcome.failure()).contains("hash collision");
        assertThat(cluster.writes).containsExactly("status");
        assertThat(cluster.statuses.get(0).getCollisionCount()).isEqualTo(1);
        assertThat(cluster.createAttempts.get())
                .as("no pod of a revision that could not be written")
                .isZero();
        assertThat(cluster.events).isEmpty();
    }

    @Test
    void aRevisionNameTakenByTheSameTemplateIsOursAndTheSyncGoesOn() {
        cluster.revisions.put("agent-v2", Revisions.snapshot(ds, template, "v2", 2));

        SyncExecutor.Outcome outcome =
                executor.execute(ds, plan(newRevision("v2"), null, List.of("n1"), List.of(), true), () -> {});

        assertThat(outcome.failed()).isFalse();
        assertThat(cluster.writes).contains("create pod on n1", "status").doesNotContain("create revision agent-v2");
    }

    @Test
    void aFailedAdoptionStopsTheSyncBeforeAnyPodWriteAndWithoutStatus() {
        cluster.adoptionFails = true;
        Pod orphan = daemonPod(ds, "n9", "v2", 1);

        SyncExecutor.Outcome outcome = executor.execute(
                ds,
                plan(null, new Claims<>(List.of(), List.of(orphan), List.of()), List.of("n1"), List.of(), true),
                () -> {});

        assertThat(outcome.failure()).contains("could not adopt pod");
        assertThat(outcome.statusReached()).isFalse();
        assertThat(cluster.createAttempts.get()).isZero();
        assertThat(cluster.writes).containsExactly("template generation 2");
    }

    @Test
    void slowStartSendsOneCreateOfABrokenTemplateAndStillWritesTheStatus() {
        cluster.createFails = p -> true;

        SyncExecutor.Outcome outcome = executor.execute(
                ds, plan(null, null, List.of("n1", "n2", "n3", "n4", "n5"), List.of(), true), () -> {});

        assertThat(cluster.createAttempts.get()).as("one probe, not five").isEqualTo(1);
        assertThat(outcome.failure()).contains("1 pod write(s) failed");
        assertThat(cluster.writes).endsWith("status");
        assertThat(cluster.events).extracting(PlannedEvent::reason).contains("FailedCreate");
        assertThat(expectations.satisfied(ds.getMetadata().getUid()))
                .as("creates not sent are not awaited")
                .isTrue();
    }

    @Test
    void aCreateWhoseAnswerWasLostIsAwaitedAsIfItHappened() {
        cluster.createFails = p -> true;
        cluster.createFailure = new KubernetesClientException("timeout", 504, null);

        SyncExecutor.Outcome outcome =
                executor.execute(ds, plan(null, null, List.of("n1"), List.of(), false), () -> {});

        assertThat(outcome.failed()).isTrue();
        assertThat(expectations.satisfied(ds.getMetadata().getUid()))
                .as("the pod may yet show up")
                .isFalse();
        assertThat(expectations.nodesAwaitingCreation(ds.getMetadata().getUid()))
                .as("no create on other nodes meanwhile either")
                .isNull();
    }
}
