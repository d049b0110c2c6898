package dev.daemonset.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {
    private static final RevisionInfo R1 = new RevisionInfo("agent-aaa", "aaa", 1, "{template-1}");
    private static final RevisionInfo R2 = new RevisionInfo("agent-bbb", "bbb", 2, "{template-2}");
    private static final RevisionInfo R3 = new RevisionInfo("agent-ccc", "ccc", 3, "{template-3}");

    @Test
    void firstTemplateCreatesRevisionOne() {
        RevisionHistory.Plan plan = RevisionHistory.plan(List.of(), "{template-1}");
        assertThat(plan.needsCreate()).isTrue();
        assertThat(plan.nextRevision()).isEqualTo(1);
    }

    @Test
    void newTemplateGetsTheNextNumber() {
        RevisionHistory.Plan plan = RevisionHistory.plan(List.of(R1, R2), "{template-9}");
        assertThat(plan.needsCreate()).isTrue();
        assertThat(plan.nextRevision()).isEqualTo(3);
        assertThat(plan.old()).containsExactlyInAnyOrder(R1, R2);
    }

    @Test
    void unchangedTemplateNeedsNothing() {
        RevisionHistory.Plan plan = RevisionHistory.plan(List.of(R1, R2), "{template-2}");
        assertThat(plan.needsCreate()).isFalse();
        assertThat(plan.needsRenumber()).isFalse();
        assertThat(plan.current()).isEqualTo(R2);
    }

    @Test
    void rollbackReusesTheOldRevisionWithANewNumber() {
        RevisionHistory.Plan plan = RevisionHistory.plan(List.of(R1, R2), "{template-1}");
        assertThat(plan.current()).isEqualTo(R1);
        assertThat(plan.needsRenumber()).isTrue();
        assertThat(plan.nextRevision()).isEqualTo(3);
    }

    @Test
    void oldRevisionsBeyondTheLimitGoOldestFirstButNeverOneALivePodRuns() {
        assertThat(RevisionHistory.toDelete(List.of(R3, R1, R2), 1, Set.of())).containsExactly(R1, R2);
        assertThat(RevisionHistory.toDelete(List.of(R3, R1, R2), 1, Set.of("aaa")))
                .containsExactly(R2, R3);
        assertThat(RevisionHistory.toDelete(List.of(R1, R2), 10, Set.of())).isEmpty();
        assertThat(RevisionHistory.toDelete(List.of(R1, R2), 0, Set.of())).containsExactly(R1, R2);
    }
}
