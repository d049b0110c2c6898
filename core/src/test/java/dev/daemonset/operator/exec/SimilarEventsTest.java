package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimilarEventsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimilarEvents similar = new SimilarEvents();

    @Test
    void theFirstTenDistinctMessagesAreWrittenAloneAndTheRestCombined() {
        for (int i = 0; i < SimilarEvents.MAX_DISTINCT; i++) {
            assertThat(similar.combine("uid|Normal|SuccessfulCreate", "Created pod: p" + i, T0))
                    .isFalse();
        }
        assertThat(similar.combine("uid|Normal|SuccessfulCreate", "Created pod: p10", T0))
                .isTrue();
        assertThat(similar.combine("uid|Normal|SuccessfulCreate", "Created pod: p11", T0))
                .isTrue();
    }

    @Test
    void aRepeatedMessageIsNeverCombinedSoItsOwnEventCounts() {
        for (int i = 0; i < SimilarEvents.MAX_DISTINCT; i++) {
            similar.combine("g", "m" + i, T0);
        }
        assertThat(similar.combine("g", "m3", T0)).isFalse();
    }

    @Test
    void groupsAreIndependentAndForgetAfterTheWindow() {
        for (int i = 0; i < SimilarEvents.MAX_DISTINCT; i++) {
            similar.combine("a", "m" + i, T0);
        }
        assertThat(similar.combine("b", "new", T0)).isFalse();
        assertThat(similar.combine("a", "late", T0.plus(SimilarEvents.WINDOW).plusSeconds(1)))
                .isFalse();
    }
}
