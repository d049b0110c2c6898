package dev.daemonset.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.SpecTable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controller's validator runs the table the CRD's rules run ({@code api.CrdValidationRulesTest}):
 * every spec the CRD rejects it rejects on the same field, and every spec the CRD accepts it accepts, so
 * a cluster that enforces nothing still gets the same verdicts.
 */
class SpecValidatorParityTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.daemonset.operator.testing.SpecTable#invalid")
  void rejectsWhatTheCrdRejectsOnTheSameField(SpecTable.Invalid row) {
    assertThat(verdict(row.manifest()))
        .anySatisfy(v -> assertThat(v.field().equals(row.field()) || v.field().startsWith(row.field() + ".")
            || v.field().startsWith(row.field() + "[")).as("%s within %s", v.field(), row.field()).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.daemonset.operator.testing.SpecTable#valid")
  void acceptsWhatTheCrdAccepts(SpecTable.Valid row) {
    assertThat(verdict(row.manifest())).isEmpty();
  }

  /**
   * As the operator judges a stored object: a spec whose numbers or types the Java model cannot hold is
   * reported from its JSON (it cannot be deserialized); any other spec is read and validated.
   */
  @SuppressWarnings("unchecked")
  private static List<Violation> verdict(Map<String, Object> manifest) {
    List<Violation> unfit = ModelFitValidation.validate((Map<String, Object>) manifest.get("spec"));
    return unfit.isEmpty() ? SpecValidator.validate(read(manifest).getSpec()) : unfit;
  }

  /** As the informer reads it: the manifest deserialized into the api classes. */
  private static DaemonSet read(Map<String, Object> manifest) {
    return SERIALIZATION.convertValue(manifest, DaemonSet.class);
  }
}
