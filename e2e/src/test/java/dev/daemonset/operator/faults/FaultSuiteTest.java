package dev.daemonset.operator.faults;

import static dev.daemonset.operator.faults.FaultScenario.IMAGE_V1;
import static dev.daemonset.operator.faults.FaultScenario.IMAGE_V2;
import static dev.daemonset.operator.faults.FaultScenario.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.sandbox.sim.SimNodes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator must never lose or duplicate a pod under API faults, lease faults, API server outages,
 * crashes and leader changes. Each scenario runs operator instances, with the client and settings
 * {@code run} ships, against the sandbox (simulated scheduler and kubelet, so pods really become
 * Ready) with faults injected between the operators and the API server, checks
 * the invariants of {@link InvariantMonitor} on every pod change, and checks the end state: every
 * eligible node has exactly one Ready pod of the update revision and the status says so. A table of
 * what was injected and checked is printed at the end. See docs/fault-suite.md.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
    private static final long SEED = 20260101L;
    private static final Duration ROLLOUT = Duration.ofSeconds(60);
    /**
     * A rollout whose pod writes fail: every write of unknown outcome that did not happen (a 500 or a timeout)
     * holds its DaemonSet back for the shipped settle period of 15 s, and a timeout takes the shipped 10 s first.
     */
    private static final Duration WITH_SETTLES = Duration.ofSeconds(180);

    static final long OUTAGE_SECONDS = 90;
    /** From the API server's return to the operator's first write: informers and elector back off while it is down. */
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(60);
    /** From the API server's return to the rollout's end. */
    private static final Duration COMPLETED_WITHIN = Duration.ofSeconds(120);

    @AfterAll
    static void printReport() {
        System.out.println();
        System.out.println("Fault suite summary (seed " + SEED + ")");
        System.out.print(FaultSuiteReport.table());
    }

    @Test
    @Order(1)
    @Timeout(420)
    void podWritesFailWith500And409AndTimeoutsYetNoPodIsLostOrDuplicated() throws Exception {
        // one write in ten fails: with the shipped settle period every lost write of unknown outcome holds the
        // rollout for 15 s, and one in five (as with a 2 s settle before) made a 30-node rollout take over 4 minutes
        try (FaultScenario s = FaultScenario.start("pod writes: 5% 500, 2.5% 409, 2.5% t/o", 30, SEED)) {
            s.injector().failPodWrites(new WriteFaults(0.05, 0.025, 0.025));
            s.startOperator("op-1");
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("10%"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, WITH_SETTLES);

            s.monitor().armStrictBudget(ds, 3, s.workerNodes());
            s.startRollout("agent", IMAGE_V2);
            s.awaitRolledOut("agent", IMAGE_V2, WITH_SETTLES);

            s.recordPeak(ds, 3);
            assertThat(s.injector().count(FaultKind.SERVER_ERROR))
                    .as("500s injected")
                    .isPositive();
            assertThat(s.injector().count(FaultKind.CONFLICT))
                    .as("409s injected")
                    .isPositive();
            assertThat(s.injector().count(FaultKind.TIMEOUT_APPLIED)
                            + s.injector().count(FaultKind.TIMEOUT_LOST))
                    .as("timeouts injected")
                    .isPositive();
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(2)
    @Timeout(90)
    void statusWritesConflictRepeatedlyYetTheStatusEndsRightAndAnotherWritersConditionSurvives() throws Exception {
        try (FaultScenario s = FaultScenario.start("status writes conflict", 20, SEED + 1)) {
            s.injector().conflictStatusWrites(20);
            s.startOperator("op-1");
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("2"), "agent");
            addForeignCondition(s, "agent");
            ScheduledExecutorService meddler = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger ticks = new AtomicInteger();
            // another writer keeps changing the DaemonSet, so the operator's cached resourceVersion is often stale
            meddler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            s.client()
                                    .resources(DaemonSet.class)
                                    .inNamespace(NAMESPACE)
                                    .withName("agent")
                                    .edit(d -> {
                                        d.getMetadata()
                                                .setAnnotations(Map.of(
                                                        "example.com/meddled",
                                                        String.valueOf(ticks.incrementAndGet())));
                                        return d;
                                    });
                        } catch (KubernetesClientException e) {
                            // a conflict with the operator's own write: the next tick tries again
                        }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            try {
                s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);
                s.monitor().armStrictBudget(ds, 2, s.workerNodes());
                s.injector().conflictStatusWrites(20);
                s.startRollout("agent", IMAGE_V2);
                s.awaitRolledOut("agent", IMAGE_V2, ROLLOUT);
            } finally {
                meddler.shutdownNow();
            }

            s.recordPeak(ds, 2);
            assertThat(s.injector().count(FaultKind.STATUS_CONFLICT))
                    .as("injected status conflicts")
                    .isEqualTo(40);
            // stale-resourceVersion refusals come on top of the 40 injected conflicts when the meddler wins a
            // race; how many depends on timing, so they are reported, not required
            System.out.println("status writes refused for a stale resourceVersion: "
                    + s.injector().count(FaultKind.STALE_STATUS));
            assertThat(s.current("agent").getStatus().getConditions())
                    .as("a condition another controller set")
                    .anySatisfy(c -> assertThat(c.getType()).isEqualTo("example.com/Audited"));
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(3)
    @Timeout(120)
    void theApiServerRestartsTwiceDuringASurgeRolloutWithItsDataKeptAndNothingIsLost() throws Exception {
        try (FaultScenario s = FaultScenario.start("API server restarts, surge rollout", 40, SEED + 2)) {
            s.startOperator("op-1");
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxSurge("10%"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            // surging: a node never lacks an available pod, and at most 4 nodes run two at once
            s.monitor().armStrictBudget(ds, 0, s.workerNodes());
            s.monitor().armSurgeLimit(ds, 4);
            s.startRollout("agent", IMAGE_V2);
            awaitReadyWithImage(s, ds, IMAGE_V2, 10);
            s.restartApiServer(Duration.ofSeconds(1));
            awaitReadyWithImage(s, ds, IMAGE_V2, 25);
            s.restartApiServer(Duration.ofMillis(300));
            s.awaitRolledOut("agent", IMAGE_V2, ROLLOUT);

            s.recordPeaks(ds, 0, 4);
            assertThat(s.monitor().peakSurging(ds)).as("nodes surging at once").isPositive();
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(4)
    @Timeout(150)
    void theOperatorIsKilledTwelveTimesDuringA200NodeRollingUpdateAndTheRolloutCompletesWithinBudget()
            throws Exception {
        int kills = 12;
        try (FaultScenario s = FaultScenario.start("operator killed 12x, 200 nodes", 200, SEED + 3)) {
            OperatorInstance current = s.startOperator("op-0");
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("10%"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            s.monitor().armStrictBudget(ds, 20, s.workerNodes());
            long start = s.monitor().podEvents();
            s.startRollout("agent", IMAGE_V2);
            // a 200-node rollout is about 1,000 pod events (delete, create, bind, pending, ready): kill at random ones
            Random random = new Random(SEED + 3);
            TreeSet<Integer> killAt = new TreeSet<>();
            while (killAt.size() < kills) {
                killAt.add(20 + 10 * random.nextInt(80));
            }
            int n = 0;
            for (int at : killAt) {
                await().atMost(ROLLOUT)
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> s.monitor().podEvents() - start >= at);
                s.kill(current);
                current = s.startOperator("op-" + ++n);
            }
            s.awaitRolledOut("agent", IMAGE_V2, Duration.ofSeconds(90));

            s.recordPeak(ds, 20);
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(5)
    @Timeout(90)
    void twoInstancesWithLeaderElectionAndTheLeaderIsKilledMidRollout() throws Exception {
        try (FaultScenario s = FaultScenario.start("leader killed, graceful pod exit", 40, SEED + 4)) {
            OperatorInstance a = s.startOperator(
                    OperatorInstance.startWithLeaderElection(s.sandbox().url(), "a", election("a")));
            await().atMost(Duration.ofSeconds(20)).until(a::isLeading);
            OperatorInstance b = s.startOperator(
                    OperatorInstance.startWithLeaderElection(s.sandbox().url(), "b", election("b")));
            // old pods take 200 ms to terminate: they still hold their node meanwhile
            s.terminatePodsGracefully(Duration.ofMillis(200));
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("10%"), "agent", true);
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            s.monitor().armStrictBudget(ds, 4, s.workerNodes());
            s.startRollout("agent", IMAGE_V2);
            awaitReadyWithImage(s, ds, IMAGE_V2, 15);
            boolean aLedWhenKilled = a.isLeading();
            long killedAt = System.nanoTime();
            s.kill(a);
            await().atMost(Duration.ofSeconds(20)).until(b::isLeading);
            Duration handover = Duration.ofNanos(System.nanoTime() - killedAt);
            s.awaitRolledOut("agent", IMAGE_V2, ROLLOUT);

            s.recordPeak(ds, 4);
            assertThat(handover)
                    .as("the standby takes over once the dead leader's lease runs out")
                    .isGreaterThanOrEqualTo(aLedWhenKilled ? Duration.ofSeconds(1) : Duration.ZERO)
                    .isLessThan(Duration.ofSeconds(15));
            // a busy machine may hand over before the kill, when a misses its renew deadline: allowed, overlap is not
            assertOneWriterAtATime(s, "a", "b");
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    /**
     * The leader's lease requests fail, in three ways, while everything else it sends still works: it must
     * stop writing on its own before the standby starts. The held answers run with the timing {@code run}
     * ships, so the figures printed are the real ones; the others with a short lease (set as
     * {@code --lease-duration-seconds} and its siblings would) to keep the suite quick.
     */
    static Stream<Arguments> leaseFaults() {
        return Stream.of(
                Arguments.of("lease 503", ElectionTiming.QUICK, LeaseFault.unavailable()),
                Arguments.of(
                        "lease 429 + Retry-After", ElectionTiming.QUICK, LeaseFault.throttled(Duration.ofSeconds(1))),
                // 2 s past the lease client's timeout, and shorter than the renew deadline: only the lease timeout ends
                // them
                Arguments.of(
                        "lease held, shipped timing",
                        ElectionTiming.SHIPPED,
                        LeaseFault.held(ElectionTiming.SHIPPED
                                .settings("a")
                                .leaseRequestTimeout()
                                .plusSeconds(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaseFaults")
    @Order(6)
    @Timeout(180)
    void aLeaderWhoseLeaseRequestsFailStopsWritingBeforeTheStandbyTakesOver(
            String label, ElectionTiming timing, LeaseFault fault) throws Exception {
        // pods take a quarter of the renew deadline to get ready, so that the rollout (10 batches) outlasts the
        // old leader's fence and the new leader has pods left to update
        try (FaultScenario s =
                FaultScenario.start(label, 40, SEED + 7, timing.renewDeadline().dividedBy(4))) {
            OperatorInstance a = s.startOperator(
                    OperatorInstance.startWithLeaderElection(s.sandbox().url(), "a", timing.settings("a")));
            await().atMost(Duration.ofSeconds(30)).until(a::isLeading);
            OperatorInstance b = s.startOperator(
                    OperatorInstance.startWithLeaderElection(s.sandbox().url(), "b", timing.settings("b")));
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("10%"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            s.monitor().armStrictBudget(ds, 4, s.workerNodes());
            s.startRollout("agent", IMAGE_V2);
            awaitReadyWithImage(s, ds, IMAGE_V2, 4);
            // a can still write pods and status, but its lease requests fail: it must stop on its own before b starts
            long cutAt = System.nanoTime();
            s.injector().failLeaseRequests("a", fault);
            // b takes over once a's last renewal is a lease duration old, at its next (jittered) attempt
            await().atMost(timing.leaseDuration()
                            .plus(timing.retryPeriod().multipliedBy(3))
                            .plusSeconds(10))
                    .until(b::isLeading);
            await().atMost(timing.renewDeadline()).until(() -> !a.isLeading());
            s.awaitRolledOut("agent", IMAGE_V2, Duration.ofSeconds(90));

            s.recordPeak(ds, 4);
            Handover handover = assertOneWriterAtATime(s, "a", "b");
            Duration lastOld = Duration.ofNanos(handover.lastByFirst() - cutAt);
            Duration firstNew = Duration.ofNanos(handover.firstBySecond() - cutAt);
            s.figure(String.format(
                    "%s; cut -> old leader's last write %.1f s, -> new leader's first write %.1f s",
                    timing, seconds(lastOld), seconds(firstNew)));
            // the fence closes renew deadline - retry period after the last renewal started, which was before the cut
            assertThat(lastOld)
                    .as("from the cut to the old leader's last write")
                    .isLessThanOrEqualTo(
                            timing.renewDeadline().minus(timing.retryPeriod()).plusSeconds(1));
            assertThat(s.injector().count(fault.kind()))
                    .as("lease requests faulted (%s)", fault)
                    .isPositive();
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(7)
    @Timeout(120)
    void nodesFlapNotReadyAndAreAddedAndDeletedDuringARollout() throws Exception {
        // pods take 500 ms to get ready, so that the rollout is still going while nodes change
        try (FaultScenario s =
                FaultScenario.start("nodes flap, join and leave", 30, SEED + 5, Duration.ofMillis(500))) {
            s.startOperator("op-1");
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("3"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            s.monitor().armControllerCausedBudget(ds, 3);
            s.startRollout("agent", IMAGE_V2);
            NodeChaos chaos = new NodeChaos(s, new Random(SEED + 5));
            chaos.run(12, 4, 3, Duration.ofMillis(150));
            int updatedWhenNodesSettled = s.monitor().readyPodsWithImage(ds, IMAGE_V2);
            s.awaitRolledOut("agent", IMAGE_V2, ROLLOUT);

            assertThat(updatedWhenNodesSettled)
                    .as("pods updated when the node changes ended: the rollout was under way")
                    .isLessThan(s.workerNodes().size());
            s.recordPeak(ds, 3);
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    @Test
    @Order(8)
    @Timeout(90)
    void aTemplateTheApiServerRejectsBacksOffExponentiallyAndLeavesOtherDaemonSetsAlone() throws Exception {
        try (FaultScenario s = FaultScenario.start("template rejected (bad input)", 10, SEED + 6)) {
            s.injector().rejectInvalidContainerPorts();
            s.startOperator("op-1");
            long brokenSince = System.nanoTime();
            DaemonSet broken = s.createDaemonSetWithPort("broken", FaultScenario.maxUnavailable("1"), 91000);
            DaemonSet healthy = s.createDaemonSet("healthy", FaultScenario.maxUnavailable("2"), "agent");
            s.awaitRolledOut("healthy", IMAGE_V1, ROLLOUT);
            s.monitor().armStrictBudget(healthy, 2, s.workerNodes());
            s.startRollout("healthy", IMAGE_V2);
            s.awaitRolledOut("healthy", IMAGE_V2, ROLLOUT);

            // watch the broken one for a while: attempts must thin out, not hammer the API server
            Duration window = Duration.ofSeconds(10);
            await().atMost(window.plusSeconds(5)).until(() -> System.nanoTime() - brokenSince >= window.toNanos());
            List<Long> attempts = s.injector().calls().stream()
                    .filter(c -> c.isPodCreateFor("broken"))
                    .map(OperatorCall::atNanos)
                    .toList();
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < attempts.size(); i++) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(attempts.get(i) - attempts.get(i - 1)));
            }
            assertThat(attempts.size())
                    .as("create attempts in %s (gaps in ms: %s)", window, gaps)
                    .isBetween(3, 16);
            assertThat(gaps.get(gaps.size() - 1))
                    .as("the last wait (gaps in ms: %s)", gaps)
                    .isGreaterThanOrEqualTo(1000L);
            DaemonSetStatus status = s.current("broken").getStatus();
            assertThat(status.getDesiredNumberScheduled()).isEqualTo(10);
            assertThat(status.getCurrentNumberScheduled()).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(failedCreateMessages(s, "broken"))
                            .anySatisfy(m -> assertThat(m)
                                    .contains("spec.containers[0].ports[0].containerPort: Invalid value: 91000")
                                    .contains("must be between 1 and 65535, inclusive")));

            long fixedAt = System.nanoTime();
            s.edit("broken", d -> {
                d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .setContainerPort(9100);
                return d;
            });
            s.awaitRolledOut("broken", IMAGE_V1, Duration.ofSeconds(15));
            assertThat(Duration.ofNanos(System.nanoTime() - fixedAt))
                    .as("fixed template rolled out despite the backoff")
                    .isLessThan(Duration.ofSeconds(10));
            s.recordPeak(healthy, 2);
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    /**
     * The API server is down for {@value #OUTAGE_SECONDS} s in the middle of a rolling update (every connection
     * and watch drops; the simulated kubelet and scheduler cannot write either, so pods stay as they were), and
     * it went down having committed a pod create it never answered. One operator with leader election and the
     * timing {@code run} ships: it loses its lease during the outage, and the same process, not restarted, must
     * take it again, pick the rollout up without a second pod on the node of the committed create, and finish.
     */
    @Test
    @Order(9)
    @Timeout(OUTAGE_SECONDS + 240)
    void theApiServerIsDownFor90sMidRolloutAndTheSameOperatorTakesItsLeaseAgainAndFinishes() throws Exception {
        try (FaultScenario s =
                FaultScenario.start("API server down 90 s, elected", 30, SEED + 8, Duration.ofMillis(500))) {
            OperatorInstance op = s.startOperator(OperatorInstance.startWithLeaderElection(
                    s.sandbox().url(), "op-1", ElectionTiming.SHIPPED.settings("op-1")));
            await().atMost(Duration.ofSeconds(30)).until(op::isLeading);
            DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("3"), "agent");
            s.addForeignPods("agent");
            s.awaitRolledOut("agent", IMAGE_V1, ROLLOUT);

            s.monitor().armStrictBudget(ds, 3, s.workerNodes());
            s.startRollout("agent", IMAGE_V2);
            awaitReadyWithImage(s, ds, IMAGE_V2, 6);
            // the outage begins as the API server commits one of the rollout's pod creates, before it could answer
            // it or tell any watcher: the operator learns of that pod only from its informers, after the outage
            RecordedRequest create = s.injector().holdNextPodCreate().get(30, TimeUnit.SECONDS);
            int updatedBefore = s.monitor().readyPodsWithImage(ds, IMAGE_V2);
            s.restartApiServer(
                    Duration.ofSeconds(OUTAGE_SECONDS),
                    () -> s.sandbox().apiServer().dispatcher().dispatch(create));
            long backAt = System.nanoTime();

            await().atMost(RESUMED_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> firstWriteAfter(s, "op-1", backAt) != null);
            Duration resumed =
                    Duration.ofNanos(firstWriteAfter(s, "op-1", backAt).atNanos() - backAt);
            s.awaitRolledOut("agent", IMAGE_V2, COMPLETED_WITHIN);
            Duration completed = Duration.ofNanos(System.nanoTime() - backAt);
            s.figure(String.format(
                    "%d of 30 nodes updated when the API server went down; after it came back: first write "
                            + "%.1f s, rollout complete %.1f s",
                    updatedBefore, seconds(resumed), seconds(completed)));

            assertThat(updatedBefore)
                    .as("nodes updated when the outage began: the rollout was under way")
                    .isLessThan(30);
            assertThat(op.isLeading()).as("the same operator leads again").isTrue();
            s.recordPeak(ds, 3);
            s.assertInvariantsHeld();
            s.passed();
        }
    }

    /** Everything {@code first} wrote (pods, status, revisions) came before anything {@code second} wrote. */
    private static Handover assertOneWriterAtATime(FaultScenario s, String first, String second) {
        List<OperatorCall> writes =
                s.operatorWrites().stream().filter(c -> c.fault() == null).toList();
        long lastByFirst = writes.stream()
                .filter(c -> first.equals(c.instance()))
                .mapToLong(OperatorCall::atNanos)
                .max()
                .orElseThrow(() -> new AssertionError(first + " never wrote"));
        long firstBySecond = writes.stream()
                .filter(c -> second.equals(c.instance()))
                .mapToLong(OperatorCall::atNanos)
                .min()
                .orElseThrow(() -> new AssertionError(second + " never wrote"));
        assertThat(lastByFirst)
                .as("%s's last write comes before %s's first", first, second)
                .isLessThan(firstBySecond);
        return new Handover(lastByFirst, firstBySecond);
    }

    /** When, on {@link System#nanoTime()}, the old leader's last write and the new leader's first reached the API server. */
    private record Handover(long lastByFirst, long firstBySecond) {}

    /** The first write (pods, status, revisions) of {@code instance} the API server answered after {@code nanos}, or null. */
    private static OperatorCall firstWriteAfter(FaultScenario s, String instance, long nanos) {
        return s.operatorWrites().stream()
                .filter(c -> instance.equals(c.instance()) && c.fault() == null && c.atNanos() > nanos)
                .findFirst()
                .orElse(null);
    }

    /**
     * Lease timing, as {@code run} takes it from {@code --lease-duration-seconds}, {@code --renew-deadline-seconds}
     * and {@code --retry-period-seconds}.
     */
    record ElectionTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** What {@code run} ships. */
        static final ElectionTiming SHIPPED = new ElectionTiming(
                LeaderElectionSettings.DEFAULT_LEASE_DURATION,
                LeaderElectionSettings.DEFAULT_RENEW_DEADLINE,
                LeaderElectionSettings.DEFAULT_RETRY_PERIOD);
        /**
         * Hand-overs in about two fifths of the time, for scenarios about who writes rather than about the
         * timing. Writes then time out after 1.5 s ((lease duration - renew deadline) / 2), as run's would.
         */
        static final ElectionTiming QUICK =
                new ElectionTiming(Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofMillis(500));

        LeaderElectionSettings settings(String identity) {
            return LeaderElectionSettings.of(NAMESPACE, "dds-leader", identity)
                    .withTiming(leaseDuration, renewDeadline, retryPeriod);
        }

        @Override
        public String toString() {
            return String.format(
                    "lease %s s, renew deadline %s s, retry %s s",
                    seconds(leaseDuration), seconds(renewDeadline), seconds(retryPeriod));
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static LeaderElectionSettings election(String identity) {
        return ElectionTiming.QUICK.settings(identity);
    }

    private static void awaitReadyWithImage(FaultScenario s, DaemonSet ds, String image, int count) {
        await().atMost(ROLLOUT)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> s.monitor().readyPodsWithImage(ds, image) >= count);
    }

    private static void addForeignCondition(FaultScenario s, String dsName) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            s.client()
                    .resources(DaemonSet.class)
                    .inNamespace(NAMESPACE)
                    .withName(dsName)
                    .editStatus(d -> {
                        DaemonSetStatus st = d.getStatus() == null ? new DaemonSetStatus() : d.getStatus();
                        List<DaemonSetCondition> conditions =
                                st.getConditions() == null ? new ArrayList<>() : new ArrayList<>(st.getConditions());
                        DaemonSetCondition audited = new DaemonSetCondition();
                        audited.setType("example.com/Audited");
                        audited.setStatus("True");
                        audited.setReason("Audited");
                        audited.setMessage("set by another controller; the operator must keep it");
                        conditions.add(audited);
                        st.setConditions(conditions);
                        d.setStatus(st);
                        return d;
                    });
            return true;
        });
    }

    private static List<String> failedCreateMessages(FaultScenario s, String dsName) {
        return s.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> "FailedCreate".equals(e.getReason())
                        && dsName.equals(e.getInvolvedObject().getName()))
                .map(Event::getMessage)
                .toList();
    }

    /**
     * Stops and restarts kubelets (the node goes NotReady and unreachable, its pods unready, for
     * 300-900 ms), adds nodes and deletes nodes: one action every {@code every}, in a seeded random order.
     */
    private static final class NodeChaos {
        private final FaultScenario s;
        private final Random random;
        private final java.util.Set<String> stopped = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private int added;

        NodeChaos(FaultScenario s, Random random) {
            this.s = s;
            this.random = random;
        }

        void run(int flaps, int adds, int deletes, Duration every) throws Exception {
            List<String> actions = new ArrayList<>();
            actions.addAll(java.util.Collections.nCopies(flaps, "flap"));
            actions.addAll(java.util.Collections.nCopies(adds, "add"));
            actions.addAll(java.util.Collections.nCopies(deletes, "delete"));
            java.util.Collections.shuffle(actions, random);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            List<ScheduledFuture<?>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
            try {
                for (int i = 0; i < actions.size(); i++) {
                    String action = actions.get(i);
                    pending.add(timer.schedule(
                            () -> {
                                switch (action) {
                                    case "flap" -> {
                                        String node = randomRunningWorker(java.util.Set.of());
                                        setKubelet(node, SimNodes.KUBELET_STOPPED);
                                        stopped.add(node);
                                        pending.add(timer.schedule(
                                                () -> {
                                                    setKubelet(node, null);
                                                    stopped.remove(node);
                                                },
                                                300 + random.nextInt(600),
                                                TimeUnit.MILLISECONDS));
                                    }
                                    case "add" -> addNode();
                                    default ->
                                        s.client()
                                                .nodes()
                                                .withName(randomRunningWorker(s.foreignPodNodes()))
                                                .delete();
                                }
                                s.nodeChanged();
                            },
                            every.toMillis() * i,
                            TimeUnit.MILLISECONDS));
                }
                // actions and restarts are scheduled before their predecessors finish, so this sees them all
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).get(30, TimeUnit.SECONDS);
                }
            } finally {
                timer.shutdownNow();
            }
        }

        private void setKubelet(String node, String state) {
            s.client().nodes().withName(node).edit(n -> {
                Map<String, String> annotations = n.getMetadata().getAnnotations() == null
                        ? new java.util.HashMap<>()
                        : new java.util.HashMap<>(n.getMetadata().getAnnotations());
                if (state == null) {
                    annotations.remove(SimNodes.KUBELET_ANNOTATION);
                } else {
                    annotations.put(SimNodes.KUBELET_ANNOTATION, state);
                }
                n.getMetadata().setAnnotations(annotations);
                return n;
            });
        }

        private void addNode() {
            String name = "sandbox-extra-" + ++added;
            s.client()
                    .nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux"))
                            .endMetadata()
                            .build())
                    .create();
        }

        /** A worker whose kubelet runs: deleting or stopping one already stopped would tangle the actions. */
        private String randomRunningWorker(java.util.Set<String> spared) {
            List<String> running = s.workerNodes().stream()
                    .filter(n -> !stopped.contains(n) && !spared.contains(n))
                    .toList();
            return running.get(random.nextInt(running.size()));
        }
    }
}
