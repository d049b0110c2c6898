package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashMap;
import java.util.List;

/**
 * Toleration/taint matching, as k8s.io/api core/v1 {@code Toleration.ToleratesTaint} and
 * {@code Toleration.MatchToleration}. Null strings are read as "" (the Go zero value).
 */
public final class Tolerations {
    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String OP_EXISTS = "Exists";
    public static final String OP_EQUAL = "Equal";

    private Tolerations() {}

    /**
     * Whether {@code t} tolerates {@code taint}:
     * <ol>
     *   <li>an empty toleration effect matches every effect, otherwise the effects must be equal;</li>
     *   <li>an empty toleration key matches every key, otherwise the keys must be equal;</li>
     *   <li>operator {@code Exists} matches any value; operator {@code Equal} or empty compares the values
     *       (an empty value equals an empty value);</li>
     *   <li>any other operator tolerates nothing. ({@code Lt}/{@code Gt} sit behind the alpha
     *       TaintTolerationComparisonOperators gate upstream, off by default, where they tolerate nothing.)</li>
     * </ol>
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        String effect = nz(t.getEffect());
        if (!effect.isEmpty() && !effect.equals(nz(taint.getEffect()))) {
            return false;
        }
        String key = nz(t.getKey());
        if (!key.isEmpty() && !key.equals(nz(taint.getKey()))) {
            return false;
        }
        String op = nz(t.getOperator());
        if (op.isEmpty() || op.equals(OP_EQUAL)) {
            return nz(t.getValue()).equals(nz(taint.getValue()));
        }
        return op.equals(OP_EXISTS);
    }

    /** Whether any of {@code tolerations} tolerates {@code taint}. Null entries are ignored. */
    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (int i = 0, n = tolerations.size(); i < n; i++) {
            Toleration t = tolerations.get(i);
            if (t != null && tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Upstream {@code MatchToleration}: the same (key, effect, operator, value), the identity under which
     * {@link DaemonTolerations} replaces instead of adding. tolerationSeconds is not part of it.
     */
    public static boolean sameIdentity(Toleration a, Toleration b) {
        return nz(a.getKey()).equals(nz(b.getKey()))
                && nz(a.getEffect()).equals(nz(b.getEffect()))
                && nz(a.getOperator()).equals(nz(b.getOperator()))
                && nz(a.getValue()).equals(nz(b.getValue()));
    }

    /** Whether the taint keeps new pods off the node unless tolerated (NoSchedule or NoExecute). */
    public static boolean blocksScheduling(Taint taint) {
        String effect = taint.getEffect();
        return NO_SCHEDULE.equals(effect) || NO_EXECUTE.equals(effect);
    }

    /** Whether the taint evicts running pods unless tolerated (NoExecute). */
    public static boolean evicts(Taint taint) {
        return NO_EXECUTE.equals(taint.getEffect());
    }

    /** kubectl's notation: {@code key=value:Effect}, or {@code key:Effect} without a value. */
    public static String describe(Taint taint) {
        String value = nz(taint.getValue());
        return nz(taint.getKey()) + (value.isEmpty() ? "" : "=" + value) + ":" + nz(taint.getEffect());
    }

    /** A copy that shares nothing mutable with {@code t}. */
    public static Toleration copy(Toleration t) {
        Toleration c =
                new Toleration(t.getEffect(), t.getKey(), t.getOperator(), t.getTolerationSeconds(), t.getValue());
        if (t.getAdditionalProperties() != null && !t.getAdditionalProperties().isEmpty()) {
            c.setAdditionalProperties(new HashMap<>(t.getAdditionalProperties()));
        }
        return c;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
