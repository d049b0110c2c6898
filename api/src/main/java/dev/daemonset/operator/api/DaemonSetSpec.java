package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A superset of apps/v1 DaemonSetSpec. Unset fields take the apps/v1 defaults (see {@code plan.EffectiveSpec}).
 *
 * <p>The annotations become the CRD's OpenAPI constraints and CEL rules, so an API server rejects a
 * bad spec at {@code kubectl apply}; {@code plan.SpecValidator} checks the same rules for clusters
 * that enforce nothing. docs/validation.md lists both. LabelSelector and PodTemplateSpec are fabric8
 * classes, so rules about their insides sit on the fields holding them, or here when they relate
 * the two; the size bounds that keep those rules cheap are added by GenerateCrd.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = TemplateLabelRules.SELECTOR_MATCHES_TEMPLATE,
        fieldPath = ".template.metadata.labels",
        message =
                "spec.template.metadata.labels must match spec.selector (`selector` does not match template `labels`)")
public class DaemonSetSpec {
    @Required
    @ValidationRule(
            value = "(has(self.matchLabels) && size(self.matchLabels) > 0)"
                    + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
            message = "spec.selector must not be empty: empty selector is invalid for daemonset")
    // apps/v1's wording: the API server prints `spec.selector: Invalid value: "object": field is immutable`
    @ValidationRule(value = "self == oldSelf", message = "field is immutable")
    @ValidationRule(
            value = "!has(self.matchExpressions) || self.matchExpressions.all(e, has(e.key) && e.key != '')",
            reason = "FieldValueRequired",
            fieldPath = ".matchExpressions",
            message = "spec.selector.matchExpressions[*].key is required")
    @ValidationRule(
            value = "!has(self.matchExpressions) || self.matchExpressions.all(e,"
                    + " has(e.operator) && e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])",
            fieldPath = ".matchExpressions",
            message = "spec.selector.matchExpressions[*].operator must be one of In, NotIn, Exists, DoesNotExist")
    @ValidationRule(
            value = "!has(self.matchExpressions) || self.matchExpressions.all(e,"
                    + " !has(e.operator) || !(e.operator in ['In', 'NotIn']) || (has(e.values) && size(e.values) > 0))",
            reason = "FieldValueRequired",
            fieldPath = ".matchExpressions",
            message = "spec.selector.matchExpressions[*].values must be specified when `operator` is 'In' or 'NotIn'")
    @ValidationRule(
            value =
                    "!has(self.matchExpressions) || self.matchExpressions.all(e,"
                            + " !has(e.operator) || !(e.operator in ['Exists', 'DoesNotExist']) || !has(e.values) || size(e.values) == 0)",
            reason = "FieldValueForbidden",
            fieldPath = ".matchExpressions",
            message =
                    "spec.selector.matchExpressions[*].values may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
    @ValidationRule(
            value = PodTemplateRules.MATCH_EXPRESSION_KEYS,
            fieldPath = ".matchExpressions",
            message = "spec.selector.matchExpressions[*].key must be a valid label key: "
                    + PodTemplateRules.LABEL_KEY_SYNTAX)
    private LabelSelector selector;

    @Required
    @ValidationRule(
            value = "has(self.spec) && has(self.spec.containers) && size(self.spec.containers) > 0",
            reason = "FieldValueRequired",
            fieldPath = ".spec",
            message = "spec.template.spec.containers must list at least one container")
    @ValidationRule(
            value = "!has(self.spec) || !has(self.spec.restartPolicy) || self.spec.restartPolicy in ['Always', '']",
            fieldPath = ".spec.restartPolicy",
            message = "spec.template.spec.restartPolicy must be Always (supported values: \"Always\")")
    @ValidationRule(
            value = "!has(self.spec) || !has(self.spec.activeDeadlineSeconds)",
            reason = "FieldValueForbidden",
            fieldPath = ".spec.activeDeadlineSeconds",
            message = "spec.template.spec.activeDeadlineSeconds is not supported in a DaemonSet")
    @ValidationRule(
            value = PodTemplateRules.TEMPLATE_LABEL_KEYS,
            fieldPath = ".metadata.labels",
            message =
                    "spec.template.metadata.labels keys must be valid label keys: " + PodTemplateRules.LABEL_KEY_SYNTAX)
    @ValidationRule(
            value = PodTemplateRules.NODE_SELECTOR_KEYS,
            fieldPath = ".spec.nodeSelector",
            message = "spec.template.spec.nodeSelector keys must be valid label keys: "
                    + PodTemplateRules.LABEL_KEY_SYNTAX)
    @ValidationRule(
            value = PodTemplateRules.CONTAINER_NAMES_UNIQUE,
            fieldPath = ".spec.containers",
            message = "spec.template.spec.containers[*].name must be unique across containers and initContainers")
    @ValidationRule(
            value = PodTemplateRules.INIT_CONTAINER_NAMES_UNIQUE,
            fieldPath = ".spec.initContainers",
            message = "spec.template.spec.initContainers[*].name must be unique across containers and initContainers")
    private PodTemplateSpec template;

    private DaemonSetUpdateStrategy updateStrategy;
    /* The API server does not enforce format int32 for custom resources, so the upper bounds are explicit: a
     * larger number would be stored, fail to deserialize, and stop the operator's informer. */
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer minReadySeconds;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer revisionHistoryLimit;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer progressDeadlineSeconds;

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    public PodTemplateSpec getTemplate() {
        return template;
    }

    public void setTemplate(PodTemplateSpec template) {
        this.template = template;
    }

    public DaemonSetUpdateStrategy getUpdateStrategy() {
        return updateStrategy;
    }

    public void setUpdateStrategy(DaemonSetUpdateStrategy updateStrategy) {
        this.updateStrategy = updateStrategy;
    }

    public Integer getMinReadySeconds() {
        return minReadySeconds;
    }

    public void setMinReadySeconds(Integer minReadySeconds) {
        this.minReadySeconds = minReadySeconds;
    }

    public Integer getRevisionHistoryLimit() {
        return revisionHistoryLimit;
    }

    public void setRevisionHistoryLimit(Integer revisionHistoryLimit) {
        this.revisionHistoryLimit = revisionHistoryLimit;
    }
    /** Seconds without rollout progress before RolloutStalled is reported (default 600). */
    public Integer getProgressDeadlineSeconds() {
        return progressDeadlineSeconds;
    }

    public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
        this.progressDeadlineSeconds = progressDeadlineSeconds;
    }
}
