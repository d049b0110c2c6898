package dev.daemonset.operator.pods;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The record of an accepted selector on a revision, as the operator reads it back after a restart. */
class AcceptedSelectorTest {
    private final DaemonSet ds = daemonSet("agent");
    private final String uid = ds.getMetadata().getUid();

    @Test
    void aRevisionRecordsTheSelectorOfItsDaemonSetAndReadsBackAsTheSameSelector() {
        ControllerRevision cr = Revisions.snapshot(ds, ds.getSpec().getTemplate(), "abc", 1);

        AcceptedSelector recorded = AcceptedSelector.recordedOn(cr, uid);
        assertThat(recorded).isNotNull();
        assertThat(recorded.matches(ds.getSpec().getSelector())).isTrue();
        assertThat(recorded.describe()).isEqualTo("app=agent");
        assertThat(cr.getMetadata().getAnnotations().get(AcceptedSelector.ANNOTATION))
                .isEqualTo("{\"daemonSetUid\":\"" + uid + "\",\"selector\":{\"matchLabels\":{\"app\":\"agent\"}}}");
    }

    @Test
    void aRecordOfAnotherDaemonSetSaysNothingAboutThisOne() {
        ControllerRevision adopted = Revisions.snapshot(ds, ds.getSpec().getTemplate(), "abc", 1);

        assertThat(AcceptedSelector.recordedOn(adopted, "another-uid")).isNull();
    }

    @Test
    void anAbsentOrUnreadableRecordIsNoRecord() {
        ControllerRevision cr = Revisions.snapshot(ds, ds.getSpec().getTemplate(), "abc", 1);
        cr.getMetadata().getAnnotations().remove(AcceptedSelector.ANNOTATION);
        assertThat(AcceptedSelector.recordedOn(cr, uid)).isNull();

        cr.getMetadata().getAnnotations().put(AcceptedSelector.ANNOTATION, "{not json");
        assertThat(AcceptedSelector.recordedOn(cr, uid)).isNull();
    }

    @Test
    void selectorsCompareAsUpstreamDoes() {
        AcceptedSelector accepted = AcceptedSelector.of(
                selector(Map.of("app", "agent", "tier", "node"), expression("zone", "In", "a", "b")));

        assertThat(accepted.matches(
                        selector(reversed(Map.of("app", "agent", "tier", "node")), expression("zone", "In", "a", "b"))))
                .as("label order does not count")
                .isTrue();
        assertThat(accepted.matches(selector(Map.of("app", "agent"), expression("zone", "In", "a", "b"))))
                .as("a label less")
                .isFalse();
        assertThat(accepted.matches(
                        selector(Map.of("app", "agent", "tier", "node"), expression("zone", "In", "b", "a"))))
                .as("the order of values counts, as in apps/v1")
                .isFalse();
        assertThat(AcceptedSelector.of(new LabelSelectorBuilder()
                                .withMatchLabels(Map.of("app", "agent"))
                                .build())
                        .matches(new LabelSelectorBuilder()
                                .withMatchLabels(Map.of("app", "agent"))
                                .withMatchExpressions(List.of())
                                .build()))
                .as("an empty list is an absent one")
                .isTrue();
    }

    @Test
    void aSelectorTooLargeForAnAnnotationIsRecordedByItsDigestAndStillCompared() {
        String[] values = IntStream.range(0, 256)
                .mapToObj(i -> "value-number-" + i + "-" + "x".repeat(40))
                .toArray(String[]::new);
        LabelSelectorRequirement[] expressions = IntStream.range(0, 8)
                .mapToObj(i -> expression("key-" + i, "In", values))
                .toArray(LabelSelectorRequirement[]::new);
        ds.getSpec().setSelector(selector(Map.of("app", "agent"), expressions));
        ControllerRevision cr = Revisions.snapshot(ds, ds.getSpec().getTemplate(), "abc", 1);

        String annotation = cr.getMetadata().getAnnotations().get(AcceptedSelector.ANNOTATION);
        assertThat(annotation).hasSizeLessThan(200).contains("selectorSha256");
        AcceptedSelector recorded = AcceptedSelector.recordedOn(cr, uid);
        assertThat(recorded.matches(ds.getSpec().getSelector())).isTrue();
        assertThat(recorded.matches(selector(Map.of("app", "agent")))).isFalse();
        assertThat(recorded.describe()).startsWith("a selector recorded by its digest sha256:");
    }

    private static LabelSelector selector(Map<String, String> labels, LabelSelectorRequirement... expressions) {
        return new LabelSelectorBuilder()
                .withMatchLabels(new LinkedHashMap<>(labels))
                .withMatchExpressions(new ArrayList<>(List.of(expressions)))
                .build();
    }

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, new ArrayList<>(List.of(values)));
    }

    private static Map<String, String> reversed(Map<String, String> labels) {
        List<String> keys = new ArrayList<>(new java.util.TreeSet<>(labels.keySet()).descendingSet());
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, labels.get(k)));
        return out;
    }
}
