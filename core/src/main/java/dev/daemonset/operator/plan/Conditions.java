package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.DaemonSetCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Edits a condition list by value. Conditions the controller does not own are carried over
 * untouched; lastTransitionTime moves only when the status flips, so tools can tell how long a
 * condition has held.
 */
public final class Conditions {
    private Conditions() {}

    public static List<DaemonSetCondition> copy(List<DaemonSetCondition> conditions) {
        List<DaemonSetCondition> out = new ArrayList<>();
        if (conditions != null) {
            for (DaemonSetCondition c : conditions) {
                out.add(c.copy());
            }
        }
        return out;
    }

    public static DaemonSetCondition find(List<DaemonSetCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        for (DaemonSetCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /**
     * Returns a new list with the condition set. lastUpdateTime moves whenever reason or message
     * change, so it records the last change of what the condition says.
     */
    public static List<DaemonSetCondition> set(
            List<DaemonSetCondition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            Instant now) {
        List<DaemonSetCondition> out = copy(conditions);
        String statusText = status ? "True" : "False";
        DaemonSetCondition existing = find(out, type);
        if (existing == null) {
            out.add(new DaemonSetCondition(type, statusText, reason, message, now.toString(), now.toString()));
            return out;
        }
        if (!Objects.equals(existing.getStatus(), statusText)) {
            existing.setLastTransitionTime(now.toString());
        }
        if (!Objects.equals(existing.getStatus(), statusText)
                || !Objects.equals(existing.getReason(), reason)
                || !Objects.equals(existing.getMessage(), message)) {
            existing.setLastUpdateTime(now.toString());
        }
        existing.setStatus(statusText);
        existing.setReason(reason);
        existing.setMessage(message);
        return out;
    }

    /** Returns a new list without the given type. */
    public static List<DaemonSetCondition> remove(List<DaemonSetCondition> conditions, String type) {
        List<DaemonSetCondition> out = copy(conditions);
        out.removeIf(c -> type.equals(c.getType()));
        return out;
    }
}
