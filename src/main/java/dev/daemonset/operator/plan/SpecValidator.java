package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The apps/v1 DaemonSet validation rules, checked by the controller itself because the mock API
 * server and clusters without the CRD's CEL rules enforce nothing. An invalid spec is reported, and
 * no pod is created, deleted or updated for it: a typo must never turn into a mass deletion.
 */
public final class SpecValidator {
  public static final String EMPTY_SELECTOR_MESSAGE = "empty selector is invalid for daemonset";
  private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  private SpecValidator() {}

  public static List<Violation> validate(DaemonSetSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "Required value"));
      return out;
    }
    validateSelector(spec.getSelector(), out);
    validateTemplate(spec, out);
    nonNegative("spec.minReadySeconds", spec.getMinReadySeconds(), out);
    nonNegative("spec.revisionHistoryLimit", spec.getRevisionHistoryLimit(), out);
    validateStrategy(spec, out);
    return out;
  }

  /** True when the only problem is an empty selector, which upstream reports as SelectingAll. */
  public static boolean selectsAll(DaemonSetSpec spec) {
    return spec != null && spec.getSelector() != null && LabelSelectors.isEmpty(spec.getSelector());
  }

  private static void validateSelector(LabelSelector selector, List<Violation> out) {
    if (selector == null) {
      out.add(new Violation("spec.selector", "Required value"));
      return;
    }
    if (LabelSelectors.isEmpty(selector)) {
      out.add(new Violation("spec.selector", "Invalid value: {}: " + EMPTY_SELECTOR_MESSAGE));
      return;
    }
    if (selector.getMatchExpressions() != null) {
      for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
        LabelSelectorRequirement r = selector.getMatchExpressions().get(i);
        String field = "spec.selector.matchExpressions[" + i + "]";
        String op = r.getOperator();
        int n = r.getValues() == null ? 0 : r.getValues().size();
        if (r.getKey() == null || r.getKey().isEmpty()) {
          out.add(new Violation(field + ".key", "Required value"));
        }
        if (op == null || !SELECTOR_OPERATORS.contains(op)) {
          out.add(new Violation(field + ".operator", "Unsupported value: \"" + op
              + "\": supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\""));
        } else if ((op.equals("In") || op.equals("NotIn")) && n == 0) {
          out.add(new Violation(field + ".values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
        } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && n > 0) {
          out.add(new Violation(field + ".values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
      }
    }
  }

  private static void validateTemplate(DaemonSetSpec spec, List<Violation> out) {
    if (spec.getTemplate() == null) {
      out.add(new Violation("spec.template", "Required value"));
      return;
    }
    Map<String, String> labels = spec.getTemplate().getMetadata() == null ? null
        : spec.getTemplate().getMetadata().getLabels();
    if (spec.getSelector() != null && !LabelSelectors.isEmpty(spec.getSelector())
        && !LabelSelectors.matches(spec.getSelector(), labels)) {
      out.add(new Violation("spec.template.metadata.labels", "Invalid value: " + (labels == null ? "{}" : labels)
          + ": `selector` does not match template `labels`"));
    }
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
      out.add(new Violation("spec.template.spec.restartPolicy",
          "Unsupported value: \"" + restart + "\": supported values: \"Always\""));
    }
    if (pod.getActiveDeadlineSeconds() != null) {
      out.add(new Violation("spec.template.spec.activeDeadlineSeconds",
          "Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"));
    }
  }

  private static void validateStrategy(DaemonSetSpec spec, List<Violation> out) {
    if (spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getRollingUpdate() == null) {
      return;
    }
    RollingUpdateDaemonSet ru = spec.getUpdateStrategy().getRollingUpdate();
    String base = "spec.updateStrategy.rollingUpdate.";
    boolean unavailableOk = intOrPercent(base + "maxUnavailable", ru.getMaxUnavailable(), out);
    boolean surgeOk = intOrPercent(base + "maxSurge", ru.getMaxSurge(), out);
    if (!unavailableOk || !surgeOk) {
      return;
    }
    boolean unavailableZero = isZero(ru.getMaxUnavailable(), true);
    boolean surgeZero = isZero(ru.getMaxSurge(), false);
    if (unavailableZero && surgeZero) {
      out.add(new Violation(base + "maxUnavailable",
          "Invalid value: 0: may not be 0 when `maxSurge` is 0"));
    } else if (!unavailableZero && !surgeZero && ru.getMaxUnavailable() != null) {
      out.add(new Violation(base + "maxSurge",
          "Invalid value: " + show(ru.getMaxSurge()) + ": may not be set when maxUnavailable is non-zero"));
    }
  }

  /** Absent maxUnavailable defaults to 1 (non-zero), absent maxSurge to 0. */
  private static boolean isZero(IntOrString v, boolean absentMeansOne) {
    if (v == null) {
      return !absentMeansOne;
    }
    if (v.getIntVal() != null) {
      return v.getIntVal() == 0;
    }
    return Integer.valueOf(0).equals(IntOrPercent.parsePercent(v.getStrVal()));
  }

  private static boolean intOrPercent(String field, IntOrString v, List<Violation> out) {
    if (v == null) {
      return true;
    }
    if (v.getIntVal() != null) {
      if (v.getIntVal() < 0) {
        out.add(new Violation(field, "Invalid value: " + v.getIntVal() + ": must be greater than or equal to 0"));
        return false;
      }
      return true;
    }
    Integer percent = v.getStrVal() == null ? null : IntOrPercent.parsePercent(v.getStrVal());
    if (percent == null) {
      out.add(new Violation(field, "Invalid value: \"" + v.getStrVal()
          + "\": a valid percent string must be a numeric string followed by an ending '%'"));
      return false;
    }
    if (percent > 100) {
      out.add(new Violation(field, "Invalid value: \"" + v.getStrVal() + "\": must not be greater than 100%"));
      return false;
    }
    return true;
  }

  private static void nonNegative(String field, Integer value, List<Violation> out) {
    if (value != null && value < 0) {
      out.add(new Violation(field, "Invalid value: " + value + ": must be greater than or equal to 0"));
    }
  }

  private static String show(IntOrString v) {
    return v.getIntVal() != null ? v.getIntVal().toString() : "\"" + v.getStrVal() + "\"";
  }
}
