package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {
    record Row(String name, Consumer<DaemonSetSpec> breakIt, String field, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> invalid() {
        return Stream.of(
                new Row("no selector", s -> s.setSelector(null), "spec.selector", "Required value"),
                new Row("empty selector", s -> s.setSelector(new LabelSelector()), "spec.selector", "empty selector"),
                new Row(
                        "selector does not match template labels",
                        s -> s.getSelector().setMatchLabels(Map.of("app", "other")),
                        "spec.template.metadata.labels",
                        "does not match"),
                new Row(
                        "bad selector operator",
                        s -> s.getSelector()
                                .setMatchExpressions(
                                        List.of(new LabelSelectorRequirement("tier", "Like", List.of("x")))),
                        "spec.selector.matchExpressions[0].operator",
                        "Unsupported value"),
                new Row(
                        "In without values",
                        s -> s.getSelector()
                                .setMatchExpressions(List.of(new LabelSelectorRequirement("tier", "In", List.of()))),
                        "spec.selector.matchExpressions[0].values",
                        "Required value"),
                new Row("no template", s -> s.setTemplate(null), "spec.template", "Required value"),
                new Row(
                        "no containers",
                        s -> s.getTemplate().getSpec().setContainers(List.of()),
                        "spec.template.spec.containers",
                        "Required value"),
                new Row(
                        "restartPolicy OnFailure",
                        s -> s.getTemplate().getSpec().setRestartPolicy("OnFailure"),
                        "spec.template.spec.restartPolicy",
                        "supported values: \"Always\""),
                new Row(
                        "activeDeadlineSeconds",
                        s -> s.getTemplate().getSpec().setActiveDeadlineSeconds(30L),
                        "spec.template.spec.activeDeadlineSeconds",
                        "Forbidden"),
                new Row(
                        "negative minReadySeconds",
                        s -> s.setMinReadySeconds(-1),
                        "spec.minReadySeconds",
                        "greater than or equal to 0"),
                new Row(
                        "negative revisionHistoryLimit",
                        s -> s.setRevisionHistoryLimit(-3),
                        "spec.revisionHistoryLimit",
                        "greater than or equal to 0"),
                new Row(
                        "negative maxUnavailable",
                        s -> rolling(s, new IntOrString(-1), null),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "greater than or equal to 0"),
                new Row(
                        "maxUnavailable over 100%",
                        s -> rolling(s, new IntOrString("150%"), null),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "100%"),
                new Row(
                        "maxUnavailable not a percent",
                        s -> rolling(s, new IntOrString("ten"), null),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "valid percent"),
                new Row(
                        "both zero",
                        s -> rolling(s, new IntOrString(0), new IntOrString("0%")),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "may not be 0"),
                new Row(
                        "both non-zero",
                        s -> rolling(s, new IntOrString(1), new IntOrString(1)),
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "may not be set when maxUnavailable is non-zero"),
                new Row(
                        "negative progressDeadlineSeconds",
                        s -> s.setProgressDeadlineSeconds(-1),
                        "spec.progressDeadlineSeconds",
                        "Invalid value: -1: must be greater than or equal to 0"),
                new Row(
                        "unknown strategy type",
                        s -> s.setUpdateStrategy(strategyNamed("BlueGreen")),
                        "spec.updateStrategy.type",
                        "Unsupported value: \"BlueGreen\": supported values: \"OnDelete\", \"RollingUpdate\""),
                new Row(
                        "Exists with values",
                        s -> s.getSelector()
                                .setMatchExpressions(
                                        List.of(new LabelSelectorRequirement("app", "Exists", List.of("agent")))),
                        "spec.selector.matchExpressions[0].values",
                        "Forbidden: may not be specified when `operator` is 'Exists'"),
                new Row(
                        "expression without key",
                        s -> s.getSelector()
                                .setMatchExpressions(List.of(new LabelSelectorRequirement(null, "Exists", null))),
                        "spec.selector.matchExpressions[0].key",
                        "Required value"),
                new Row(
                        "template without labels",
                        s -> s.getTemplate().getMetadata().setLabels(null),
                        "spec.template.metadata.labels",
                        "Invalid value: {}: `selector` does not match template `labels`"),
                new Row(
                        "In expression the template does not satisfy",
                        s -> s.getSelector()
                                .setMatchExpressions(
                                        List.of(new LabelSelectorRequirement("app", "In", List.of("other")))),
                        "spec.template.metadata.labels",
                        "`selector` does not match template `labels`"),
                new Row(
                        "more than 64 matchLabels",
                        s -> withLabels(s, 65, 1),
                        "spec.selector.matchLabels",
                        "Too many: 65: must have at most 64 properties"),
                new Row(
                        "selector label value over 63 characters",
                        s -> withLabels(s, 1, 64),
                        "spec.selector.matchLabels[label-0]",
                        "Too long: may not be more than 63 characters"),
                new Row(
                        "more than 64 matchExpressions",
                        s -> s.getSelector()
                                .setMatchExpressions(
                                        Collections.nCopies(65, new LabelSelectorRequirement("app", "Exists", null))),
                        "spec.selector.matchExpressions",
                        "Too many: 65: must have at most 64 items"),
                new Row(
                        "more than 256 values",
                        s -> s.getSelector()
                                .setMatchExpressions(List.of(new LabelSelectorRequirement(
                                        "app",
                                        "In",
                                        IntStream.range(0, 257)
                                                .mapToObj(i -> i == 0 ? "agent" : "v" + i)
                                                .toList()))),
                        "spec.selector.matchExpressions[0].values",
                        "Too many: 257: must have at most 256 items"),
                new Row(
                        "negative maxSurge",
                        s -> rolling(s, new IntOrString(0), new IntOrString(-2)),
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "Invalid value: -2: must be greater than or equal to 0"),
                new Row(
                        "maxSurge over 100%",
                        s -> rolling(s, new IntOrString(0), new IntOrString("101%")),
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "Invalid value: \"101%\": must not be greater than 100%"),
                new Row(
                        "maxSurge a fraction",
                        s -> rolling(s, new IntOrString(0), new IntOrString("1.5%")),
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "a valid percent string must be a numeric string"),
                new Row(
                        "maxUnavailable 0% with maxSurge absent (defaults to 0)",
                        s -> rolling(s, new IntOrString("0%"), null),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "Invalid value: \"0%\": may not be 0 when maxSurge is 0"),
                new Row(
                        "maxSurge with maxUnavailable absent (defaults to 1)",
                        s -> rolling(s, null, new IntOrString("25%")),
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "Invalid value: \"25%\": may not be set when maxUnavailable is non-zero (an absent maxUnavailable means 1; "
                                + "set it to 0 to surge)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithAMessageNamingTheField(Row row) {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        row.breakIt().accept(spec);
        assertThat(SpecValidator.validate(spec)).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(row.field());
            assertThat(v.message()).contains(row.messagePart());
        });
    }

    @Test
    void acceptsAValidSpecAndSurgeWithZeroUnavailable() {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        assertThat(SpecValidator.validate(spec)).isEmpty();
        rolling(spec, new IntOrString(0), new IntOrString("25%"));
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void onDeleteIgnoresTheRollingUpdatePairAsAppsV1Does() {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        rolling(spec, new IntOrString(0), new IntOrString(0));
        spec.getUpdateStrategy().setType(UpdateStrategyType.OnDelete);
        assertThat(SpecValidator.validate(spec)).isEmpty();

        spec.getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString(-1));
        assertThat(SpecValidator.validate(spec))
                .as("a malformed value is still reported")
                .extracting(Violation::field)
                .containsExactly("spec.updateStrategy.rollingUpdate.maxSurge");
    }

    @Test
    void aMalformedSelectorIsNotAlsoReportedAsNotMatchingTheTemplate() {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        spec.getSelector().setMatchExpressions(List.of(new LabelSelectorRequirement("tier", "In", List.of())));
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactly("spec.selector.matchExpressions[0].values");
    }

    @Test
    void aNullSelectorLabelValueIsAViolationNotACrash() {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", null);
        spec.getSelector().setMatchLabels(labels);
        assertThat(SpecValidator.validate(spec))
                .extracting(Violation::toString)
                .contains("spec.selector.matchLabels[app]: Invalid value: null: a label value must be a string");
    }

    @Test
    void numbersBeyondInt32AreReportedFromTheJsonThatCannotBeRead() {
        Map<String, Object> spec = Map.of(
                "minReadySeconds",
                3_000_000_000L,
                "progressDeadlineSeconds",
                "600",
                "updateStrategy",
                Map.of("rollingUpdate", Map.of("maxSurge", 4_294_967_296L, "maxUnavailable", "25%")));
        assertThat(ModelFitValidation.validate(spec))
                .extracting(Violation::toString)
                .containsExactlyInAnyOrder(
                        "spec.minReadySeconds: Invalid value: 3000000000: must be less than or equal to 2147483647",
                        "spec.progressDeadlineSeconds: Invalid value: \"string\": must be of type integer",
                        "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 4294967296: must be less than or equal to 2147483647");
    }

    @Test
    void emptySelectorIsReportedAsSelectingAll() {
        DaemonSetSpec spec = daemonSet("agent").getSpec();
        spec.setSelector(new LabelSelector());
        assertThat(SpecValidator.selectsAll(spec)).isTrue();
    }

    /** n selector labels with values of the given length, all on the template so that only the selector is wrong. */
    private static void withLabels(DaemonSetSpec spec, int n, int valueLength) {
        Map<String, String> labels = new LinkedHashMap<>();
        IntStream.range(0, n).forEach(i -> labels.put("label-" + i, "v".repeat(valueLength)));
        spec.getSelector().setMatchLabels(labels);
        spec.getTemplate().getMetadata().setLabels(labels);
    }

    /** A strategy type the enum does not know can only come from JSON, as it does from the API server. */
    private static DaemonSetUpdateStrategy strategyNamed(String type) {
        return new KubernetesSerialization().unmarshal("{\"type\": \"" + type + "\"}", DaemonSetUpdateStrategy.class);
    }

    private static void rolling(DaemonSetSpec spec, IntOrString maxUnavailable, IntOrString maxSurge) {
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        RollingUpdateDaemonSet ru = new RollingUpdateDaemonSet();
        ru.setMaxUnavailable(maxUnavailable);
        ru.setMaxSurge(maxSurge);
        strategy.setRollingUpdate(ru);
        spec.setUpdateStrategy(strategy);
    }
}
