package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.TemplateLimits;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The apps/v1 DaemonSet validation rules, checked by the controller itself because the mock API
 * server and clusters without the CRD's CEL rules enforce nothing. An invalid spec is reported and
 * never acted on (the last valid revision goes on being served): a typo must never turn into a mass
 * deletion.
 *
 * <p>It covers every rule the generated CRD states (docs/validation.md lists both layers), except
 * selector immutability, which needs the previous object and is checked by the controller, and the
 * bounds a typed spec cannot break (int32 ranges, JSON types), which {@link ModelFitValidation} checks
 * on a spec that failed to deserialize.
 */
public final class SpecValidator {
    public static final String EMPTY_SELECTOR_MESSAGE = "empty selector is invalid for daemonset";

    private SpecValidator() {}

    public static List<Violation> validate(DaemonSetSpec spec) {
        List<Violation> out = new ArrayList<>();
        if (spec == null) {
            out.add(new Violation("spec", "Required value"));
            return out;
        }
        boolean selectorUsable = SelectorValidation.validate(spec.getSelector(), out);
        validateTemplate(spec, selectorUsable, out);
        nonNegative("spec.minReadySeconds", spec.getMinReadySeconds(), out);
        nonNegative("spec.revisionHistoryLimit", spec.getRevisionHistoryLimit(), out);
        nonNegative("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(), out);
        StrategyValidation.validate(spec.getUpdateStrategy(), out);
        return out;
    }

    /** True when the only problem is an empty selector, which upstream reports as SelectingAll. */
    public static boolean selectsAll(DaemonSetSpec spec) {
        return spec != null && spec.getSelector() != null && LabelSelectors.isEmpty(spec.getSelector());
    }

    private static void validateTemplate(DaemonSetSpec spec, boolean selectorUsable, List<Violation> out) {
        if (spec.getTemplate() == null) {
            out.add(new Violation("spec.template", "Required value"));
            return;
        }
        Map<String, String> labels = spec.getTemplate().getMetadata() == null
                ? null
                : spec.getTemplate().getMetadata().getLabels();
        if (selectorUsable && !LabelSelectors.matches(spec.getSelector(), labels)) {
            out.add(new Violation(
                    "spec.template.metadata.labels",
                    "Invalid value: " + (labels == null ? "{}" : labels)
                            + ": `selector` does not match template `labels`"));
        }
        LabelValidation.checkMap("spec.template.metadata.labels", labels, TemplateLimits.MAX_TEMPLATE_LABELS, out);
        PodSpec pod = spec.getTemplate().getSpec();
        if (pod == null) {
            out.add(new Violation("spec.template.spec", "Required value"));
            return;
        }
        if (pod.getContainers() == null || pod.getContainers().isEmpty()) {
            out.add(new Violation("spec.template.spec.containers", "Required value"));
        }
        String restart = pod.getRestartPolicy();
        if (restart != null && !restart.isEmpty() && !restart.equals("Always")) {
            out.add(new Violation(
                    "spec.template.spec.restartPolicy",
                    "Unsupported value: \"" + restart + "\": supported values: \"Always\""));
        }
        if (pod.getActiveDeadlineSeconds() != null) {
            out.add(new Violation(
                    "spec.template.spec.activeDeadlineSeconds",
                    "Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"));
        }
        LabelValidation.checkMap(
                "spec.template.spec.nodeSelector", pod.getNodeSelector(), TemplateLimits.MAX_NODE_SELECTOR_LABELS, out);
        if (pod.getAffinity() != null) {
            NodeAffinityValidation.validate(pod.getAffinity().getNodeAffinity(), out);
        }
        TolerationValidation.validate(pod.getTolerations(), out);
        ContainerValidation.validate(pod, out);
    }

    private static void nonNegative(String field, Integer value, List<Violation> out) {
        if (value != null && value < 0) {
            out.add(new Violation(field, "Invalid value: " + value + ": must be greater than or equal to 0"));
        }
    }
}
