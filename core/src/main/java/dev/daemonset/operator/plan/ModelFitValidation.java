package dev.daemonset.operator.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a DaemonSet's own fields may hold in JSON but not in the Java model: a number beyond int32, or a
 * value of the wrong JSON type. The API server stores any int64 when a CRD says int32 (it does not enforce
 * the format), and a cluster that validates nothing stores anything, so such a spec can exist; it cannot be
 * deserialized, so {@link SpecValidator} never sees it. This check works on the spec as parsed JSON (maps,
 * lists, numbers, strings), for a reader that failed to deserialize it, and phrases each problem as the
 * CRD's schema and rules do.
 */
public final class ModelFitValidation {
    private static final String[] INT32_FIELDS = {"minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"};
    private static final String[] INT_OR_PERCENT_FIELDS = {"maxUnavailable", "maxSurge", "partition"};
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private ModelFitValidation() {}

    /** The problems found; empty when every checked field fits (others may still fail to deserialize). */
    public static List<Violation> validate(Map<String, Object> spec) {
        List<Violation> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String name : INT32_FIELDS) {
            int32("spec." + name, spec.get(name), false, out);
        }
        Map<String, Object> strategy = object("spec.updateStrategy", spec.get("updateStrategy"), out);
        Map<String, Object> rolling = strategy == null
                ? null
                : object("spec.updateStrategy.rollingUpdate", strategy.get("rollingUpdate"), out);
        if (rolling != null) {
            for (String name : INT_OR_PERCENT_FIELDS) {
                int32("spec.updateStrategy.rollingUpdate." + name, rolling.get(name), true, out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String field, Object value, List<Violation> out) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        out.add(new Violation(field, wrongType(value, "object")));
        return null;
    }

    private static void int32(String field, Object value, boolean orString, List<Violation> out) {
        if (value == null || (orString && value instanceof String)) {
            return;
        }
        if (!(value instanceof Number number)) {
            out.add(new Violation(field, wrongType(value, orString ? "integer or string" : "integer")));
            return;
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        if (decimal.stripTrailingZeros().scale() > 0) {
            out.add(new Violation(
                    field,
                    orString
                            ? "Invalid value: " + number + ": must be an integer or a percentage such as '25%'"
                            : wrongType(value, "integer")));
            return;
        }
        BigInteger integer = decimal.toBigInteger();
        if (integer.compareTo(INT32_MAX) > 0) {
            out.add(new Violation(field, "Invalid value: " + integer + ": must be less than or equal to " + INT32_MAX));
        } else if (integer.signum() < 0 && integer.bitLength() > 31) {
            out.add(new Violation(field, "Invalid value: " + integer + ": must be greater than or equal to 0"));
        }
    }

    private static String wrongType(Object value, String expected) {
        return "Invalid value: \"" + jsonType(value) + "\": must be of type " + expected;
    }

    /** The JSON type of a parsed value, as the API server names it in a type error. */
    public static String jsonType(Object value) {
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "number";
    }
}
