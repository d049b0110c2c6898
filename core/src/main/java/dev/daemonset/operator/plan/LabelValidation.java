package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.TemplateLimits;
import java.util.List;
import java.util.Map;

/**
 * Label key and value syntax, as apps/v1 checks it in selectors, template labels and nodeSelector. The
 * CRD states the same rules (keys by CEL, values by a schema pattern). A key is reported on the map's
 * field, as upstream does; a value on its entry, where the schema reports it.
 */
final class LabelValidation {
    private LabelValidation() {}

    /** Every key and value of a label map; null or empty is fine. */
    static void checkMap(String field, Map<String, String> labels, int maxEntries, List<Violation> out) {
        if (labels == null) {
            return;
        }
        if (labels.size() > maxEntries) {
            out.add(new Violation(field, FieldErrors.tooMany(labels.size(), maxEntries, "properties")));
        }
        labels.forEach((key, value) -> {
            checkKey(field, key, out);
            checkValue(field + "[" + key + "]", value, out);
        });
    }

    static void checkKey(String field, String key, List<Violation> out) {
        String problem = LabelSyntax.labelKeyProblem(key);
        if (problem != null) {
            out.add(new Violation(field, FieldErrors.invalid(key, problem)));
        }
    }

    /**
     * A null value never reaches storage through a validating API server (it drops null map entries), but a
     * cluster that validates nothing keeps it; it must be reported, not crash the sync.
     */
    static void checkValue(String field, String value, List<Violation> out) {
        if (value == null) {
            out.add(new Violation(field, FieldErrors.invalid(null, "a label value must be a string")));
        } else if (FieldErrors.longerThan(value, TemplateLimits.MAX_LABEL_VALUE_LENGTH)) {
            out.add(new Violation(field, FieldErrors.tooLong(TemplateLimits.MAX_LABEL_VALUE_LENGTH)));
        } else {
            String problem = LabelSyntax.labelValueProblem(value);
            if (problem != null) {
                out.add(new Violation(field, FieldErrors.invalid(value, problem)));
            }
        }
    }
}
