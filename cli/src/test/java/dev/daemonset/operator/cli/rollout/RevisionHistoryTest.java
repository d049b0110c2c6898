package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {
    private static final PodTemplateSpec V1 = template("1.0");
    private static final PodTemplateSpec V2 = template("2.0");
    private static final PodTemplateSpec V3 = template("3.0");

    private final RevisionHistory history = RevisionHistory.of(
            List.of(revision(3, "agent-ccc", V3), revision(1, "agent-aaa", V1), revision(2, "agent-bbb", V2)));

    @Test
    void listsRevisionsOldestFirst() {
        assertThat(history.revisions()).extracting(Revision::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void undoGoesToTheRevisionBeforeTheOneHoldingTheCurrentTemplate() {
        assertThat(history.rollbackTarget(0, template("3.0"), "agent-ccc").number())
                .isEqualTo(2);
    }

    @Test
    void afterAnUndoTheCurrentTemplateIsAnOlderRevisionAndUndoGoesFurtherBack() {
        assertThat(history.rollbackTarget(0, template("2.0"), "agent-ccc").number())
                .isEqualTo(1);
    }

    @Test
    void aTemplateNotSnapshottedYetFallsBackToTheUpdateRevision() {
        assertThat(history.rollbackTarget(0, template("4.0"), "agent-bbb").number())
                .isEqualTo(1);
    }

    @Test
    void withoutTemplateMatchOrUpdateRevisionTheSecondNewestIsChosenAsKubectlDoes() {
        assertThat(history.rollbackTarget(0, template("4.0"), null).number()).isEqualTo(2);
    }

    @Test
    void anExplicitRevisionIsTakenAsIs() {
        assertThat(history.rollbackTarget(1, V3, "agent-ccc").name()).isEqualTo("agent-aaa");
    }

    @Test
    void anUnknownRevisionIsAnError() {
        assertThatThrownBy(() -> history.rollbackTarget(7, V3, "agent-ccc"))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("error: unable to find specified revision 7 in history");
        assertThatThrownBy(() -> history.rollbackTarget(-1, V3, "agent-ccc"))
                .hasMessage("error: unable to find specified revision -1 in history");
    }

    @Test
    void aSingleRevisionHasNothingToGoBackTo() {
        RevisionHistory single = RevisionHistory.of(List.of(revision(1, "agent-aaa", V1)));
        assertThatThrownBy(() -> single.rollbackTarget(0, V1, "agent-aaa"))
                .hasMessage("error: no last revision to roll back to");
    }

    @Test
    void theOldestRevisionHasNothingToGoBackTo() {
        assertThatThrownBy(() -> history.rollbackTarget(0, template("1.0"), "agent-ccc"))
                .hasMessage("error: no last revision to roll back to");
    }

    @Test
    void aRevisionWithoutATemplateIsListedButCannotBeRestored() {
        Revision broken = new Revision(4, "agent-broken", null, null);
        RevisionHistory withBroken = RevisionHistory.of(List.of(revision(1, "agent-aaa", V1), broken));

        assertThat(HistoryView.table(withBroken)).contains("\n4         <none>\n");
        assertThat(withBroken.rollbackTarget(0, V2, "agent-broken").number()).isEqualTo(1);
        assertThatThrownBy(broken::requireTemplate).hasMessage("error: unable to parse history agent-broken");
    }

    @Test
    void theTableMatchesKubectlsLayout() {
        RevisionHistory withCauses = RevisionHistory.of(List.of(
                new Revision(1, "a", V1, null),
                new Revision(2, "b", V2, "kubectl set image ds/agent agent=registry.example/agent:2.0"),
                new Revision(10, "c", V3, "")));
        assertThat(HistoryView.table(withCauses)).isEqualTo("""
        REVISION  CHANGE-CAUSE
        1         <none>
        2         kubectl set image ds/agent agent=registry.example/agent:2.0
        10        <none>
        """);
    }

    @Test
    void anEmptyHistorySaysSo() {
        assertThat(HistoryView.table(RevisionHistory.of(List.of()))).isEqualTo("No rollout history found.");
    }

    @Test
    void aRevisionTemplateIsShownAsIndentedYaml() {
        assertThat(HistoryView.template(revision(1, "a", V1)))
                .startsWith("Pod Template:\n  metadata:\n")
                .contains("\n    - image: registry.example/agent:1.0\n");
    }

    private static Revision revision(long number, String name, PodTemplateSpec template) {
        return new Revision(number, name, template, null);
    }

    private static PodTemplateSpec template(String version) {
        return Fixtures.template(Map.of("app", "agent"), "registry.example/agent:" + version);
    }
}
