package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
    @Test
    void leaderElectionTimingMustLetTheOldLeaderStopBeforeANewOneCanStart() {
        LeaderElectionSettings ok = LeaderElectionSettings.of("ns", "lease", "me");
        assertThat(ok.leaseDuration()).isGreaterThan(ok.renewDeadline());
        assertThatThrownBy(() -> ok.withTiming(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than the renew deadline");
        assertThatThrownBy(() -> ok.withTiming(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .hasMessageContaining("longer than the retry period");
        assertThatThrownBy(() -> LeaderElectionSettings.of("ns", " ", "me")).hasMessageContaining("lease name");
    }

    @Test
    void writesOfALeaderEndBeforeTheLeaseCanPassOnWhateverTheTiming() {
        LeaderElectionSettings clientGo = LeaderElectionSettings.of("ns", "lease", "me");
        // 2.5 s + min(2.5 s, 5 s) = 5 s = lease duration - renew deadline
        assertThat(clientGo.writeTimeout()).isEqualTo(Duration.ofMillis(2500));
        // 20 s + min(20 s, 5 s) = 25 s = 45 s - 20 s
        assertThat(clientGo.withTiming(Duration.ofSeconds(45), Duration.ofSeconds(20), Duration.ofSeconds(2))
                        .writeTimeout())
                .isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() ->
                        clientGo.withTiming(Duration.ofMillis(10_900), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .hasMessageContaining("must exceed the renew deadline (PT10S) by at least 1000 ms");
    }

    @Test
    void workersAndBurstMustBePositive() {
        assertThatThrownBy(() -> OperatorConfig.defaults().withWorkers(0))
                .hasMessageContaining("workers must be at least 1");
    }

    @Test
    void aTimedOutWriteHoldsItsDaemonSetBackForFifteenSecondsUnlessConfiguredOtherwise() {
        assertThat(OperatorConfig.defaults().writeSettle()).isEqualTo(Duration.ofSeconds(15));
        assertThat(OperatorConfig.defaults()
                        .withWriteSettle(Duration.ofSeconds(3))
                        .withWorkers(2)
                        .writeSettle())
                .isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> OperatorConfig.defaults().withWriteSettle(Duration.ofSeconds(-1)))
                .hasMessageContaining("must not be negative");
    }
}
