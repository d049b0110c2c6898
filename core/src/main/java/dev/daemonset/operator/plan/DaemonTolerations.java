package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tolerations every daemon pod carries, as upstream {@code util.AddOrUpdateDaemonPodTolerations}: daemon pods
 * survive node problems (not-ready, unreachable) and ignore the TaintNodesByCondition taints.
 */
public final class DaemonTolerations {
    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

    private DaemonTolerations() {}

    /**
     * The template's tolerations plus the default daemon tolerations, in upstream order: not-ready:NoExecute,
     * unreachable:NoExecute, disk-pressure, memory-pressure, pid-pressure and unschedulable (NoSchedule), and
     * network-unavailable:NoSchedule when {@code hostNetwork} is true. All are operator Exists without
     * tolerationSeconds.
     *
     * <p>Each default is added with upstream {@code AddOrUpdateTolerationInPodSpec} semantics: every template
     * toleration with the same key, effect, operator and value is replaced in place by the default (so a
     * tolerationSeconds on it is dropped, and an equal one is not duplicated); when there is none, the default is
     * appended. (Upstream's "already equal, leave the list alone" shortcut compares a pointer with a value and
     * never fires, so replacement is what really happens.) A toleration that differs in any of the four, e.g.
     * {@code not-ready} with operator Equal, stays, and the default is appended next to it.
     *
     * <p>Never mutates {@code spec}; returns a new mutable list of fresh copies the caller owns.
     */
    public static List<Toleration> withDefaults(PodSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<Toleration> template = spec.getTolerations();
        List<Toleration> out = new ArrayList<>((template == null ? 0 : template.size()) + 7);
        if (template != null) {
            for (Toleration t : template) {
                if (t != null) {
                    out.add(Tolerations.copy(t));
                }
            }
        }
        addOrUpdate(out, NOT_READY, Tolerations.NO_EXECUTE);
        addOrUpdate(out, UNREACHABLE, Tolerations.NO_EXECUTE);
        addOrUpdate(out, DISK_PRESSURE, Tolerations.NO_SCHEDULE);
        addOrUpdate(out, MEMORY_PRESSURE, Tolerations.NO_SCHEDULE);
        addOrUpdate(out, PID_PRESSURE, Tolerations.NO_SCHEDULE);
        addOrUpdate(out, UNSCHEDULABLE, Tolerations.NO_SCHEDULE);
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            addOrUpdate(out, NETWORK_UNAVAILABLE, Tolerations.NO_SCHEDULE);
        }
        return out;
    }

    private static void addOrUpdate(List<Toleration> list, String key, String effect) {
        Toleration wanted = exists(key, effect);
        boolean replaced = false;
        for (int i = 0; i < list.size(); i++) {
            if (Tolerations.sameIdentity(wanted, list.get(i))) {
                list.set(i, exists(key, effect));
                replaced = true;
            }
        }
        if (!replaced) {
            list.add(wanted);
        }
    }

    private static Toleration exists(String key, String effect) {
        return new Toleration(effect, key, Tolerations.OP_EXISTS, null, null);
    }
}
