package dev.daemonset.operator.faults;

import static dev.daemonset.operator.faults.FaultScenario.IMAGE_V1;
import static dev.daemonset.operator.faults.FaultScenario.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The operator must never lose or duplicate a pod under API faults, crashes and leader changes.
 * Each scenario runs the operator against the sandbox (simulated scheduler and kubelet, so pods
 * really become Ready) with faults injected between the operator and the API server, checks the
 * invariants of {@link InvariantMonitor} on every pod change, and the end state. A table of what
 * was injected and checked is printed at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
  private static final long SEED = 20260101L;

  @AfterAll
  static void printReport() {
    System.out.println();
    System.out.println("Fault suite summary");
    System.out.print(FaultSuiteReport.table());
  }

  @Test
  @Order(1)
  @Timeout(90)
  void podWritesFailWith500And409AndTimeoutsYetNoPodIsLostOrDuplicated() throws Exception {
    try (FaultScenario s = FaultScenario.start("pod writes: 10% 500, 5% 409, 5% t/o", 40, SEED)) {
      s.injector().failPodWrites(new WriteFaults(0.10, 0.05, 0.05));
      s.startOperator("op-1");
      DaemonSet ds = s.createDaemonSet("agent", FaultScenario.maxUnavailable("10%"), "agent");
      s.addForeignPods("agent");
      s.awaitRolledOut("agent", IMAGE_V1, Duration.ofSeconds(40));

      s.monitor().armStrictBudget(ds, 4, s.workerNodes());
      s.startRollout("agent", IMAGE_V2);
      s.awaitRolledOut("agent", IMAGE_V2, Duration.ofSeconds(60));

      s.recordPeak(ds, 4);
      assertThat(s.injector().count(FaultKind.SERVER_ERROR)).as("500s injected").isPositive();
      s.assertInvariantsHeld();
      s.passed();
    }
  }
}
