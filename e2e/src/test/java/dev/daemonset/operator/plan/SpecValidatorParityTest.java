package dev.daemonset.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.DaemonSetDecoder;
import dev.daemonset.operator.controller.UnreadableDaemonSet;
import dev.daemonset.operator.testing.SpecTable;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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
                .anySatisfy(v -> assertThat(v.field().equals(row.field())
                                || v.field().startsWith(row.field() + ".")
                                || v.field().startsWith(row.field() + "["))
                        .as("%s within %s", v.field(), row.field())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.daemonset.operator.testing.SpecTable#valid")
    void acceptsWhatTheCrdAccepts(SpecTable.Valid row) {
        assertThat(verdict(row.manifest())).isEmpty();
    }

    /**
     * As the operator judges a stored object: read from its JSON as the informer cache reads it (a spec the
     * Java model cannot hold is reported from its JSON), then validated.
     */
    private static List<Violation> verdict(Map<String, Object> manifest) {
        DaemonSet ds = DaemonSetDecoder.decode(SERIALIZATION.convertValue(manifest, GenericKubernetesResource.class));
        return ds instanceof UnreadableDaemonSet unreadable
                ? unreadable.problems()
                : SpecValidator.validate(ds.getSpec());
    }
}
