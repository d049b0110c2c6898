package dev.daemonset.operator.exec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DaemonSet UID, the template hash whose last burst of creates all succeeded: the probe slow start
 * makes for a broken template has been made and passed, so creates of it may start at full parallelism.
 */
public final class ProvenTemplates {
    private final Map<String, String> byDaemonSet = new ConcurrentHashMap<>();

    boolean isProven(String daemonSetUid, String hash) {
        return hash.equals(byDaemonSet.get(daemonSetUid));
    }

    void proven(String daemonSetUid, String hash) {
        byDaemonSet.put(daemonSetUid, hash);
    }

    /** A create of the template failed: the next burst probes again. */
    void doubted(String daemonSetUid) {
        byDaemonSet.remove(daemonSetUid);
    }

    /** Drops the template remembered for a DaemonSet that is gone. */
    public void forget(String daemonSetUid) {
        byDaemonSet.remove(daemonSetUid);
    }

    /** The UIDs of the DaemonSets a proven template is remembered for, as of now. */
    public Set<String> daemonSetUids() {
        return Set.copyOf(byDaemonSet.keySet());
    }

    public int size() {
        return byDaemonSet.size();
    }
}
