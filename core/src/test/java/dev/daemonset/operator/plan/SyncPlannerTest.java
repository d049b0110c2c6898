package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.T0;
import static dev.daemonset.operator.testing.Fixtures.daemonPod;
import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static dev.daemonset.operator.testing.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import dev.daemonset.operator.plan.SyncPlan.Mode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The modes of one sync's plan, as a table: what the sync would write for each state it can find. */
class SyncPlannerTest {
    private static final Instant NOW = T0.plusSeconds(3600);
    private static final String OLD = "v1";
    private static final String NEW = "v2";
    /** While pods are missing or old, the sync comes back when the rollout's progress deadline passes. */
    private static final Duration DEADLINE = Duration.ofSeconds(EffectiveSpec.DEFAULT_PROGRESS_DEADLINE_SECONDS + 1);

    /** A DaemonSet on three nodes whose template is revision v2; by default it has no pod and no revision yet. */
    private static final class World {
        final DaemonSet ds = daemonSet("agent");
        final List<Node> nodes = new ArrayList<>(List.of(node("n1"), node("n2"), node("n3")));
        final List<Pod> pods = new ArrayList<>();
        final List<Pod> orphans = new ArrayList<>();
        final List<SyncInput.OwnedRevision> revisions = new ArrayList<>();
        List<Violation> violations = List.of();
        SyncInput.ServedRevision served;
        SyncInput.Unobserved unobserved = SyncInput.Unobserved.NONE;

        World pod(String node, String hash) {
            pods.add(ready(daemonPod(ds, node, hash, pods.size() + 1), T0));
            return this;
        }

        World revision(String hash, long number) {
            revisions.add(revision(hash, number, true));
            return this;
        }

        SyncInput.OwnedRevision revision(String hash, long number, boolean selectorRecorded) {
            ControllerRevision cr = new ControllerRevision();
            cr.setMetadata(new ObjectMetaBuilder()
                    .withName("agent-" + hash + "-" + number)
                    .build());
            cr.setRevision(number);
            String key = hash.startsWith(NEW) ? "key-" + NEW : "key-" + hash;
            return new SyncInput.OwnedRevision(
                    cr, new RevisionInfo(cr.getMetadata().getName(), hash, number, key), selectorRecorded);
        }

        World rolling(int maxUnavailable, int maxSurge) {
            DaemonSetUpdateStrategy s = new DaemonSetUpdateStrategy();
            s.setType(UpdateStrategyType.RollingUpdate);
            RollingUpdateDaemonSet ru = new RollingUpdateDaemonSet();
            ru.setMaxUnavailable(new IntOrString(maxUnavailable));
            ru.setMaxSurge(new IntOrString(maxSurge));
            s.setRollingUpdate(ru);
            ds.getSpec().setUpdateStrategy(s);
            return this;
        }

        World status(long observedGeneration) {
            DaemonSetStatus status = new DaemonSetStatus();
            status.setObservedGeneration(observedGeneration);
            ds.setStatus(status);
            return this;
        }

        SyncInput input() {
            EffectiveSpec spec = violations.isEmpty() ? EffectiveSpec.of(ds.getSpec()) : null;
            SyncInput.Template template = spec == null
                    ? null
                    : new SyncInput.Template(
                            spec, EligibilityRules.of(spec.template().getSpec()), "key-" + NEW, NEW);
            SyncInput.History history = spec == null
                    ? null
                    : new SyncInput.History(new Claims<>(List.of(), List.of(), List.of()), revisions, "agent-" + NEW);
            return new SyncInput(
                    ds,
                    violations,
                    template,
                    history,
                    served,
                    nodes,
                    new Claims<>(pods, orphans, List.of()),
                    unobserved,
                    FailedPodBackoffView.NONE,
                    StatusPacing.NONE,
                    NOW);
        }
    }

    record Row(
            String name,
            UnaryOperator<World> world,
            Mode mode,
            List<String> creates,
            int deletes,
            boolean createsRevision,
            boolean writesStatus,
            List<String> events,
            Duration requeue) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(
            String name,
            UnaryOperator<World> world,
            Mode mode,
            List<String> creates,
            int deletes,
            boolean createsRevision,
            boolean writesStatus,
            List<String> events,
            Duration requeue) {
        return new Row(name, world, mode, creates, deletes, createsRevision, writesStatus, events, requeue);
    }

    static Stream<Row> rows() {
        Duration released = Duration.ofSeconds(5);
        return Stream.of(
                row(
                        "new DaemonSet: its first revision, a pod on every node, the status",
                        w -> w,
                        Mode.FULL,
                        List.of("n1", "n2", "n3"),
                        0,
                        true,
                        true,
                        List.of(),
                        DEADLINE),
                row(
                        "every node has its pod: status only if changed",
                        w -> w.revision(NEW, 1).pod("n1", NEW).pod("n2", NEW).pod("n3", NEW),
                        Mode.FULL,
                        List.of(),
                        0,
                        false,
                        true,
                        List.of(),
                        null),
                row(
                        "being deleted: nothing at all",
                        w -> {
                            w.ds.getMetadata().setDeletionTimestamp(T0.toString());
                            return w;
                        },
                        Mode.BEING_DELETED,
                        List.of(),
                        0,
                        false,
                        false,
                        List.of(),
                        null),
                row(
                        "only creates unobserved: creates on nodes with no pod and no create under way",
                        w -> {
                            w.revision(NEW, 1).pod("n1", NEW).unobserved =
                                    new SyncInput.Unobserved(false, Set.of("n2"), released, "");
                            return w;
                        },
                        Mode.CREATES_WHILE_UNOBSERVED,
                        List.of("n3"),
                        0,
                        false,
                        true,
                        List.of(),
                        DEADLINE),
                row(
                        "deletes unobserved: status only, back when they stop holding the sync",
                        w -> {
                            w.revision(NEW, 1).unobserved = new SyncInput.Unobserved(false, null, released, "1 delete");
                            return w;
                        },
                        Mode.STATUS_ONLY,
                        List.of(),
                        0,
                        false,
                        true,
                        List.of(),
                        released),
                row(
                        "rolling update without surge: replacements go alongside manage's creates",
                        w -> w.rolling(2, 0)
                                .revision(OLD, 1)
                                .revision(NEW, 2)
                                .pod("n1", OLD)
                                .pod("n2", OLD),
                        Mode.FULL,
                        List.of("n3"),
                        1,
                        false,
                        true,
                        List.of(),
                        DEADLINE),
                row(
                        "rolling update with surge: manage's creates first, the step waits",
                        w -> w.rolling(0, 1)
                                .revision(OLD, 1)
                                .revision(NEW, 2)
                                .pod("n1", OLD)
                                .pod("n2", OLD),
                        Mode.FULL,
                        List.of("n3"),
                        0,
                        false,
                        true,
                        List.of(),
                        DEADLINE),
                row(
                        "rolling update with nothing to manage: the step alone",
                        w -> w.rolling(1, 0)
                                .revision(OLD, 1)
                                .revision(NEW, 2)
                                .pod("n1", OLD)
                                .pod("n2", NEW)
                                .pod("n3", NEW),
                        Mode.FULL,
                        List.of(),
                        1,
                        false,
                        true,
                        List.of(),
                        DEADLINE),
                row(
                        "two revisions of the template: pods move to the kept one, nothing else",
                        w -> w.revision(NEW + "a", 1).revision(NEW, 2).pod("n1", NEW + "a"),
                        Mode.MOVE_TO_KEPT_REVISION,
                        List.of(),
                        0,
                        false,
                        false,
                        List.of(),
                        SyncPlanner.RELABEL_SETTLE),
                row(
                        "invalid spec, never valid: the condition and a warning, no pod",
                        w -> {
                            w.violations = List.of(new Violation("spec.template", "is bad"));
                            return w;
                        },
                        Mode.INVALID_SPEC,
                        List.of(),
                        0,
                        false,
                        true,
                        List.of(EventReasons.INVALID_SPEC),
                        null),
                row(
                        "invalid spec selecting all: SelectingAll too",
                        w -> {
                            w.ds.getSpec().setSelector(new LabelSelector());
                            w.violations = List.of(new Violation("spec.selector", "empty"));
                            return w;
                        },
                        Mode.INVALID_SPEC,
                        List.of(),
                        0,
                        false,
                        true,
                        List.of(EventReasons.SELECTING_ALL, EventReasons.INVALID_SPEC),
                        null),
                row(
                        "invalid spec with a last valid revision: a new node gets a pod of it",
                        w -> {
                            w.violations = List.of(new Violation("spec.template", "is bad"));
                            w.served = new SyncInput.ServedRevision(
                                    "agent-" + OLD,
                                    OLD,
                                    1,
                                    w.ds.getSpec().getTemplate(),
                                    EligibilityRules.of(
                                            w.ds.getSpec().getTemplate().getSpec()));
                            w.pod("n1", OLD).pod("n2", OLD);
                            return w;
                        },
                        Mode.INVALID_SPEC,
                        List.of("n3"),
                        0,
                        false,
                        true,
                        List.of(EventReasons.INVALID_SPEC),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plansEachMode(Row row) {
        SyncPlan plan = SyncPlanner.plan(row.world().apply(new World()).input());

        assertThat(plan.mode()).isEqualTo(row.mode());
        List<String> creates =
                plan.pods() == null ? List.of() : plan.pods().plan().nodesNeedingPods();
        assertThat(creates).containsExactlyElementsOf(row.creates());
        assertThat(plan.pods() == null ? 0 : plan.pods().plan().podsToDelete().size())
                .as("deletes")
                .isEqualTo(row.deletes());
        assertThat(plan.revision() != null && plan.revision().create() != null)
                .as("creates a revision")
                .isEqualTo(row.createsRevision());
        assertThat(plan.status() != null && plan.status().write())
                .as("writes the status")
                .isEqualTo(row.writesStatus());
        assertThat(plan.events()).extracting(PlannedEvent::reason).containsExactlyElementsOf(row.events());
        assertThat(plan.requeueAfter()).isEqualTo(row.requeue());
    }

    @Test
    void unobservedWritesKeepTheObservedGenerationWhereItWas() {
        World w = new World().revision(NEW, 1).status(1);
        w.ds.getMetadata().setGeneration(2L);
        w.unobserved = new SyncInput.Unobserved(false, null, Duration.ofSeconds(5), "");

        assertThat(SyncPlanner.plan(w.input()).status().status().getObservedGeneration())
                .isEqualTo(1L);
        w.unobserved = SyncInput.Unobserved.NONE;
        assertThat(SyncPlanner.plan(w.input()).status().status().getObservedGeneration())
                .isEqualTo(2L);
    }

    @Test
    void anOrphanTheSelectorMatchesIsAdoptedAndItsNodeGetsNoSecondPod() {
        World w = new World().revision(NEW, 1).pod("n1", NEW).pod("n2", NEW);
        w.orphans.add(daemonPod(w.ds, "n3", NEW, 9));

        SyncPlan plan = SyncPlanner.plan(w.input());

        assertThat(plan.podClaims().toAdopt()).containsExactlyElementsOf(w.orphans);
        assertThat(plan.pods().plan().nodesNeedingPods()).isEmpty();
    }

    @Test
    void aRollbackRenumbersTheRevisionOfTheTemplateAndCreatesNone() {
        World w = new World().revision(NEW, 1).revision(OLD, 2);

        RevisionPlan revision = SyncPlanner.plan(w.input()).revision();

        assertThat(revision.create()).isNull();
        assertThat(revision.renumber().getMetadata().getName()).isEqualTo("agent-" + NEW + "-1");
        assertThat(revision.templateGeneration()).isEqualTo(3);
        assertThat(SyncPlanner.plan(w.input()).templateGeneration())
                .as("the annotation follows")
                .isEqualTo(3L);
    }

    @Test
    void theUpdateRevisionWithoutTheSelectorRecordGetsIt() {
        World w = new World();
        w.revisions.add(w.revision(NEW, 1, false));

        assertThat(SyncPlanner.plan(w.input()).revision().recordSelector()).isNotNull();
    }

    @Test
    void oldRevisionsBeyondTheLimitArePrunedOldestFirstButNeverOneALivePodCarries() {
        World w = new World()
                .revision("v0", 1)
                .revision(OLD, 2)
                .revision("v1b", 3)
                .revision(NEW, 4)
                .pod("n1", OLD);
        w.ds.getSpec().setRevisionHistoryLimit(1);

        assertThat(SyncPlanner.plan(w.input()).prune())
                .extracting(RevisionInfo::hash)
                .containsExactly("v0", "v1b");
    }

    @Test
    void aStatusThatOnlyMovesCountersWaitsForThePacingInterval() {
        World w = new World().revision(NEW, 1).pod("n1", NEW);
        DaemonSetStatus written = SyncPlanner.plan(w.input()).status().status();
        w.ds.setStatus(written);
        w.pod("n2", NEW);
        SyncInput in = w.input();
        SyncInput paced = new SyncInput(
                in.ds(),
                in.violations(),
                in.template(),
                in.history(),
                null,
                in.nodes(),
                in.pods(),
                in.unobserved(),
                in.backoff(),
                new StatusPacing(NOW.minusMillis(200), Duration.ofSeconds(1)),
                NOW);

        SyncPlan plan = SyncPlanner.plan(paced);

        assertThat(plan.status().write()).isFalse();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void theJoinedNodesPlanCreatesOnlyOnEligibleNodesWithoutAPodOrACreateUnderWay() {
        World w = new World().revision(NEW, 1).status(1).pod("n1", NEW);
        SyncInput in = w.input();
        JoinedNodesPlanner.Input joined = new JoinedNodesPlanner.Input(
                w.ds, in.template(), false, Set.of("n2"), w.nodes, Map.of("n1", List.of(w.pods.get(0))), in::history);

        SyncPlan plan = JoinedNodesPlanner.plan(joined);

        assertThat(plan.mode()).isEqualTo(Mode.JOINED_NODES);
        assertThat(plan.pods().plan().nodesNeedingPods()).containsExactly("n3");
        assertThat(plan.pods().inBackground()).isTrue();
        assertThat(plan.status()).isNull();
        w.ds.getMetadata().setGeneration(2L);
        assertThat(JoinedNodesPlanner.plan(joined))
                .as("a generation not yet synced is the full sync's")
                .isNull();
    }
}
