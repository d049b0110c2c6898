package dev.daemonset.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.daemonset.operator.testing.CrdValidator;
import dev.daemonset.operator.testing.CrdValidator.Failure;
import dev.daemonset.operator.testing.SpecTable;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code kubectl apply} of a DaemonSet meets on a real API server with the generated CRD: every
 * x-kubernetes-validations rule in crds/ evaluated with a real CEL implementation, plus the schema's
 * structural constraints, against {@link SpecTable}.
 */
class CrdValidationRulesTest {
    private static final CrdValidator CRD = CrdValidator.ofGeneratedCrd();
    private static final String SELECTOR_CHANGE = "{spec: {selector: {matchLabels: {app: agent, tier: node}}}}";

    static Stream<SpecTable.Invalid> invalid() {
        return SpecTable.invalid();
    }

    static Stream<SpecTable.Valid> valid() {
        return SpecTable.valid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsAnInvalidSpecWithOneMessageNamingTheField(SpecTable.Invalid row) {
        List<Failure> failures = CRD.validateCreate(row.manifest());
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo(row.field());
            assertThat(f.message()).isEqualTo(row.message());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsAValidSpec(SpecTable.Valid row) {
        assertThat(CRD.validateCreate(row.manifest())).isEmpty();
    }

    @Test
    void selectorCannotChangeOnUpdateButTheRestCan() {
        Map<String, Object> old = SpecTable.base();
        Map<String, Object> templateChanged =
                SpecTable.patched("{spec: {template: {spec: {containers: [{name: agent, image: v2}]}}}}");
        Map<String, Object> selectorChanged = SpecTable.patched(SELECTOR_CHANGE);

        assertThat(CRD.validateUpdate(templateChanged, old)).isEmpty();
        assertThat(CRD.validateUpdate(selectorChanged, old))
                .singleElement()
                .hasToString("spec.selector: field is immutable");
        assertThat(CRD.validateCreate(selectorChanged))
                .as("immutability is a rule for updates only")
                .isEmpty();
    }

    /** The transition rule words its message as apps/v1 does; the API server puts the field before it. */
    @Test
    void everyRuleIsValidCelWithAMessageNamingASpecFieldAndAnAllowedReason() {
        Set<String> reasons =
                Set.of("FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate");
        assertThat(CRD.rules()).hasSizeGreaterThanOrEqualTo(15).allSatisfy(r -> {
            assertThatCode(() -> CRD.cel().compile(r.rule().getRule())).doesNotThrowAnyException();
            if (r.rule().getRule().contains("oldSelf")) {
                assertThat(r.rule().getMessage()).isEqualTo("field is immutable");
            } else {
                assertThat(r.rule().getMessage()).startsWith("spec.");
            }
            if (r.rule().getReason() != null) {
                assertThat(reasons).contains(r.rule().getReason());
            }
            if (r.rule().getFieldPath() != null) {
                assertThat(fieldPathExists(r.path(), r.rule().getFieldPath()))
                        .as(r.rule().getFieldPath())
                        .isTrue();
            }
        });
    }

    /** A rule that no row breaks is untested, however plausible it looks. */
    @Test
    void everyRuleInTheCrdIsBrokenBySomeRowOfTheTable() {
        Set<String> broken = new HashSet<>();
        SpecTable.invalid()
                .forEach(row -> CRD.validateCreate(row.manifest()).stream()
                        .map(Failure::rule)
                        .filter(Objects::nonNull)
                        .forEach(broken::add));
        CRD.validateUpdate(SpecTable.patched(SELECTOR_CHANGE), SpecTable.base()).stream()
                .map(Failure::rule)
                .forEach(broken::add);

        assertThat(CRD.rules().stream().map(r -> r.rule().getRule()).collect(Collectors.toSet()))
                .isEqualTo(broken);
    }

    /** The API server refuses a CRD whose fieldPath names no field of the schema. */
    private static boolean fieldPathExists(String rulePath, String fieldPath) {
        JSONSchemaProps node = CRD.schema();
        for (String segment : (rulePath + fieldPath).split("\\.")) {
            if (segment.isEmpty()) {
                continue;
            }
            // a rule on a list item has a path such as tolerations[*]
            String name = segment.replace("[*]", "");
            if (node.getProperties() == null || !node.getProperties().containsKey(name)) {
                return false;
            }
            node = node.getProperties().get(name);
            if (segment.endsWith("[*]")) {
                node = node.getItems().getSchema();
            }
        }
        return true;
    }
}
