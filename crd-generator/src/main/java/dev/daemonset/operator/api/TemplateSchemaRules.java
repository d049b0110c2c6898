package dev.daemonset.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Writes the apps/v1 rules for the pod template into the schema parts that come from fabric8's model
 * classes (PodTemplateSpec and everything in it), which no generator annotation can reach: enums, bounds,
 * patterns, required fields, and the item rules of {@link PodTemplateRules} on the innermost node they
 * check. The bounds are {@link TemplateLimits}; without them the API server's cost estimate for the rules
 * inside lists would exceed its budget.
 */
final class TemplateSchemaRules {
    private TemplateSchemaRules() {}

    static void apply(CustomResourceDefinition crd) {
        crd.getSpec().getVersions().forEach(v -> {
            JSONSchemaProps template = child(child(v.getSchema().getOpenAPIV3Schema(), "spec"), "template");
            JSONSchemaProps labels = child(child(template, "metadata"), "labels");
            labelMap(labels, TemplateLimits.MAX_TEMPLATE_LABELS);
            JSONSchemaProps pod = child(template, "spec");
            labelMap(child(pod, "nodeSelector"), TemplateLimits.MAX_NODE_SELECTOR_LABELS);
            containers(child(pod, "containers"), TemplateLimits.MAX_CONTAINERS);
            containers(child(pod, "initContainers"), TemplateLimits.MAX_INIT_CONTAINERS);
            tolerations(child(pod, "tolerations"));
            nodeAffinity(child(child(pod, "affinity"), "nodeAffinity"));
        });
    }

    private static void labelMap(JSONSchemaProps map, int maxProperties) {
        map.setMaxProperties((long) maxProperties);
        SelectorSizeBounds.labelValue(map.getAdditionalProperties().getSchema());
    }

    private static void containers(JSONSchemaProps list, int maxItems) {
        list.setMaxItems((long) maxItems);
        JSONSchemaProps name = child(list.getItems().getSchema(), "name");
        name.setMaxLength((long) TemplateLimits.MAX_CONTAINER_NAME_LENGTH);
        name.setPattern(LabelSyntaxRules.DNS1123_LABEL_PATTERN);
    }

    private static void tolerations(JSONSchemaProps list) {
        list.setMaxItems((long) TemplateLimits.MAX_TOLERATIONS);
        JSONSchemaProps toleration = list.getItems().getSchema();
        enumOf(child(toleration, "operator"), "Equal", "Exists", "");
        enumOf(child(toleration, "effect"), "NoSchedule", "PreferNoSchedule", "NoExecute", "");
        child(toleration, "key").setMaxLength((long) TemplateLimits.MAX_LABEL_KEY_LENGTH);
        SelectorSizeBounds.labelValue(child(toleration, "value"));
        rules(
                toleration,
                PodTemplateRules.TOLERATION_EXISTS_WITHOUT_VALUE,
                PodTemplateRules.TOLERATION_EMPTY_KEY_NEEDS_EXISTS,
                PodTemplateRules.TOLERATION_KEY,
                PodTemplateRules.TOLERATION_SECONDS_NEED_NO_EXECUTE);
    }

    private static void nodeAffinity(JSONSchemaProps nodeAffinity) {
        JSONSchemaProps required =
                child(child(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
        required.setMaxItems((long) TemplateLimits.MAX_NODE_SELECTOR_TERMS);
        nodeSelectorTerm(required.getItems().getSchema());
        JSONSchemaProps preferred = child(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution");
        preferred.setMaxItems((long) TemplateLimits.MAX_NODE_SELECTOR_TERMS);
        nodeSelectorTerm(child(preferred.getItems().getSchema(), "preference"));
    }

    private static void nodeSelectorTerm(JSONSchemaProps term) {
        JSONSchemaProps expressions = child(term, "matchExpressions");
        expressions.setMaxItems((long) TemplateLimits.MAX_NODE_SELECTOR_REQUIREMENTS);
        JSONSchemaProps expression = expressions.getItems().getSchema();
        expression.setRequired(List.of("key", "operator"));
        child(expression, "key").setMaxLength((long) TemplateLimits.MAX_LABEL_KEY_LENGTH);
        enumOf(child(expression, "operator"), "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
        values(expression, TemplateLimits.MAX_LABEL_VALUE_LENGTH);
        rules(
                expression,
                PodTemplateRules.EXPRESSION_VALUES_REQUIRED,
                PodTemplateRules.EXPRESSION_VALUES_FORBIDDEN,
                PodTemplateRules.EXPRESSION_SINGLE_INTEGER,
                PodTemplateRules.EXPRESSION_KEY);

        JSONSchemaProps fields = child(term, "matchFields");
        fields.setMaxItems((long) TemplateLimits.MAX_NODE_SELECTOR_REQUIREMENTS);
        JSONSchemaProps field = fields.getItems().getSchema();
        field.setRequired(List.of("key", "operator"));
        enumOf(child(field, "key"), "metadata.name");
        enumOf(child(field, "operator"), "In", "NotIn");
        values(field, TemplateLimits.MAX_NODE_NAME_LENGTH);
        rules(field, PodTemplateRules.FIELD_SINGLE_VALUE);
    }

    private static void values(JSONSchemaProps requirement, int maxLength) {
        JSONSchemaProps values = child(requirement, "values");
        values.setMaxItems((long) TemplateLimits.MAX_REQUIREMENT_VALUES);
        values.getItems().getSchema().setMaxLength((long) maxLength);
    }

    /** Sorted, so the API server's "supported values" list reads as the operator's (and upstream's) does. */
    private static void enumOf(JSONSchemaProps string, String... values) {
        List<tools.jackson.databind.JsonNode> nodes = new ArrayList<>();
        for (String value : java.util.Arrays.stream(values).sorted().toList()) {
            nodes.add(JsonNodeFactory.instance.stringNode(value));
        }
        string.setEnum(nodes);
    }

    private static void rules(JSONSchemaProps node, PodTemplateRules.Rule... rules) {
        List<ValidationRule> out = new ArrayList<>();
        for (PodTemplateRules.Rule r : rules) {
            out.add(new ValidationRuleBuilder()
                    .withRule(r.rule())
                    .withFieldPath(r.fieldPath())
                    .withReason(r.reason())
                    .withMessage(r.message())
                    .build());
        }
        node.setXKubernetesValidations(out);
    }

    private static JSONSchemaProps child(JSONSchemaProps parent, String name) {
        return SelectorSizeBounds.child(parent, name);
    }
}
