package dev.daemonset.operator.plan;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
        new Row("selector does not match template labels",
            s -> s.getSelector().setMatchLabels(Map.of("app", "other")),
            "spec.template.metadata.labels", "does not match"),
        new Row("bad selector operator", s -> s.getSelector().setMatchExpressions(
            List.of(new LabelSelectorRequirement("tier", "Like", List.of("x")))),
            "spec.selector.matchExpressions[0].operator", "Unsupported value"),
        new Row("In without values", s -> s.getSelector().setMatchExpressions(
            List.of(new LabelSelectorRequirement("tier", "In", List.of()))),
            "spec.selector.matchExpressions[0].values", "Required value"),
        new Row("no template", s -> s.setTemplate(null), "spec.template", "Required value"),
        new Row("no containers", s -> s.getTemplate().getSpec().setContainers(List.of()),
            "spec.template.spec.containers", "Required value"),
        new Row("restartPolicy OnFailure", s -> s.getTemplate().getSpec().setRestartPolicy("OnFailure"),
            "spec.template.spec.restartPolicy", "supported values: \"Always\""),
        new Row("activeDeadlineSeconds", s -> s.getTemplate().getSpec().setActiveDeadlineSeconds(30L),
            "spec.template.spec.activeDeadlineSeconds", "Forbidden"),
        new Row("negative minReadySeconds", s -> s.setMinReadySeconds(-1), "spec.minReadySeconds", "greater than or equal to 0"),
        new Row("negative revisionHistoryLimit", s -> s.setRevisionHistoryLimit(-3), "spec.revisionHistoryLimit",
            "greater than or equal to 0"),
        new Row("negative maxUnavailable", s -> rolling(s, new IntOrString(-1), null),
            "spec.updateStrategy.rollingUpdate.maxUnavailable", "greater than or equal to 0"),
        new Row("maxUnavailable over 100%", s -> rolling(s, new IntOrString("150%"), null),
            "spec.updateStrategy.rollingUpdate.maxUnavailable", "100%"),
        new Row("maxUnavailable not a percent", s -> rolling(s, new IntOrString("ten"), null),
            "spec.updateStrategy.rollingUpdate.maxUnavailable", "valid percent"),
        new Row("both zero", s -> rolling(s, new IntOrString(0), new IntOrString("0%")),
            "spec.updateStrategy.rollingUpdate.maxUnavailable", "may not be 0"),
        new Row("both non-zero", s -> rolling(s, new IntOrString(1), new IntOrString(1)),
            "spec.updateStrategy.rollingUpdate.maxSurge", "may not be set when maxUnavailable is non-zero"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithAMessageNamingTheField(Row row) {
    DaemonSetSpec spec = daemonSet("agent").getSpec();
    row.breakIt().accept(spec);
    assertThat(SpecValidator.validate(spec))
        .anySatisfy(v -> {
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
  void emptySelectorIsReportedAsSelectingAll() {
    DaemonSetSpec spec = daemonSet("agent").getSpec();
    spec.setSelector(new LabelSelector());
    assertThat(SpecValidator.selectsAll(spec)).isTrue();
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
