package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.TemplateLimits;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Upstream's validateTolerations. {@link Tolerations} reads an unknown operator or effect as "tolerates
 * nothing", so without this check {@code operator: exists} or {@code effect: Noexecute} would evict every pod
 * from tainted nodes.
 */
final class TolerationValidation {
    private static final String FIELD = "spec.template.spec.tolerations";

    private TolerationValidation() {}

    static void validate(List<Toleration> tolerations, List<Violation> out) {
        if (tolerations == null) {
            return;
        }
        if (tolerations.size() > TemplateLimits.MAX_TOLERATIONS) {
            out.add(new Violation(
                    FIELD, FieldErrors.tooMany(tolerations.size(), TemplateLimits.MAX_TOLERATIONS, "items")));
        }
        for (int i = 0; i < tolerations.size(); i++) {
            toleration(FIELD + "[" + i + "]", tolerations.get(i), out);
        }
    }

    private static void toleration(String field, Toleration t, List<Violation> out) {
        if (t == null) {
            out.add(new Violation(field, FieldErrors.required()));
            return;
        }
        String key = Tolerations.nz(t.getKey());
        String op = Tolerations.nz(t.getOperator());
        String value = Tolerations.nz(t.getValue());
        String effect = Tolerations.nz(t.getEffect());
        if (!key.isEmpty()) {
            if (FieldErrors.longerThan(key, TemplateLimits.MAX_LABEL_KEY_LENGTH)) {
                out.add(new Violation(field + ".key", FieldErrors.tooLong(TemplateLimits.MAX_LABEL_KEY_LENGTH)));
            } else {
                LabelValidation.checkKey(field + ".key", key, out);
            }
        } else if (!op.equals("Exists")) {
            out.add(
                    new Violation(
                            field + ".operator",
                            FieldErrors.invalid(
                                    op,
                                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"")));
        }
        if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
            out.add(new Violation(
                    field + ".effect",
                    FieldErrors.invalid(effect, "effect must be 'NoExecute' when `tolerationSeconds` is set")));
        }
        switch (op) {
            case "", "Equal" -> {}
            case "Exists" -> {
                if (!value.isEmpty()) {
                    out.add(new Violation(
                            field + ".operator",
                            FieldErrors.invalid(op, "value must be empty when `operator` is 'Exists'")));
                }
            }
            default -> out.add(new Violation(field + ".operator", FieldErrors.unsupported(op, "Equal", "Exists")));
        }
        // Upstream checks the value's syntax for Equal only; the CRD's schema pattern checks every value.
        if (!value.isEmpty()) {
            LabelValidation.checkValue(field + ".value", value, out);
        }
        if (!effect.isEmpty()
                && !effect.equals("NoSchedule")
                && !effect.equals("PreferNoSchedule")
                && !effect.equals("NoExecute")) {
            out.add(new Violation(
                    field + ".effect", FieldErrors.unsupported(effect, "NoExecute", "NoSchedule", "PreferNoSchedule")));
        }
    }
}
