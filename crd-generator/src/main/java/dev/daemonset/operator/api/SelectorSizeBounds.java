package dev.daemonset.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Objects;

/**
 * Bounds the sizes inside {@code spec.selector}, which is fabric8's LabelSelector and so cannot carry
 * generator annotations, and states the label value syntax as a pattern. The API server estimates a CEL rule's cost from the largest list, map and
 * string it could see and refuses the CRD when the estimate is too high; the template-label rules
 * iterate the selector and compare its values, so without these bounds the CRD would not install.
 * The numbers live in {@link SelectorLimits}, which {@code plan.SpecValidator} enforces too.
 */
final class SelectorSizeBounds {
    private SelectorSizeBounds() {}

    static void apply(CustomResourceDefinition crd) {
        crd.getSpec().getVersions().forEach(v -> {
            JSONSchemaProps selector = child(child(v.getSchema().getOpenAPIV3Schema(), "spec"), "selector");
            JSONSchemaProps matchLabels = child(selector, "matchLabels");
            matchLabels.setMaxProperties((long) SelectorLimits.MAX_MATCH_LABELS);
            labelValue(matchLabels.getAdditionalProperties().getSchema());
            JSONSchemaProps matchExpressions = child(selector, "matchExpressions");
            matchExpressions.setMaxItems((long) SelectorLimits.MAX_MATCH_EXPRESSIONS);
            JSONSchemaProps expression = matchExpressions.getItems().getSchema();
            child(expression, "key").setMaxLength((long) TemplateLimits.MAX_LABEL_KEY_LENGTH);
            JSONSchemaProps values = child(expression, "values");
            values.setMaxItems((long) SelectorLimits.MAX_EXPRESSION_VALUES);
            labelValue(values.getItems().getSchema());
        });
    }

    /** apps/v1 validates selector values as label values; the length bound also keeps the template rule cheap. */
    static void labelValue(JSONSchemaProps string) {
        string.setMaxLength((long) SelectorLimits.MAX_LABEL_VALUE_LENGTH);
        string.setPattern(LabelSyntaxRules.LABEL_VALUE_PATTERN);
    }

    static JSONSchemaProps child(JSONSchemaProps parent, String name) {
        return Objects.requireNonNull(parent.getProperties().get(name), () -> "schema has no property " + name);
    }
}
