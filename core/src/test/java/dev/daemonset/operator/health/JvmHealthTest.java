package dev.daemonset.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.testing.Deadlock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class JvmHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aThreadKilledByAVirtualMachineErrorIsReportedFromThenOn() throws Exception {
        JvmHealth.recordFatalErrors();
        JvmHealth before = new JvmHealth();
        assertThat(before.problems()).isEmpty();

        Thread victim = new Thread(
                () -> {
                    throw new StackOverflowError("thrown by the test");
                },
                "test-victim");
        victim.start();
        victim.join(WAIT.toMillis());

        assertThat(before.problems())
                .containsExactly("StackOverflowError killed thread test-victim (thrown by the test)");
        assertThat(new JvmHealth().problems())
                .as("an instance sees only what happens after it was made")
                .isEmpty();
    }

    @Test
    void anExceptionThatEndsAThreadIsNotFatal() throws Exception {
        JvmHealth.recordFatalErrors();
        JvmHealth health = new JvmHealth();
        Thread thread = new Thread(
                () -> {
                    throw new IllegalStateException("thrown by the test");
                },
                "test-ordinary-failure");
        thread.start();
        thread.join(WAIT.toMillis());

        assertThat(health.problems()).isEmpty();
    }

    @Test
    void deadlockedThreadsAreReportedByNameUntilTheDeadlockIsBroken() throws Exception {
        JvmHealth health = new JvmHealth();
        try (Deadlock deadlock = Deadlock.between("test-deadlock-a", "test-deadlock-b")) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(health.problems())
                            .containsExactly("threads deadlocked: test-deadlock-a, test-deadlock-b"));
        }
        assertThat(health.problems()).isEmpty();
    }
}
