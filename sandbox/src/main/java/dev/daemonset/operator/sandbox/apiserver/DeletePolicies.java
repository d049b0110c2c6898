package dev.daemonset.operator.sandbox.apiserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The propagation policy each DELETE asked for, by the uid of the deleted object, kept until the
 * garbage collector has seen the object go. Absent means Background, the default for every kind served.
 */
public final class DeletePolicies {
    public static final String BACKGROUND = "Background";
    public static final String FOREGROUND = "Foreground";
    public static final String ORPHAN = "Orphan";

    private final Map<String, String> byUid = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> orphaner = uid -> {};

    /** What to run before an object deleted with Orphan is removed: the orphan finalizer's work. */
    public void beforeOrphanDelete(java.util.function.Consumer<String> orphaner) {
        this.orphaner = orphaner;
    }

    /** Runs the orphaning step for an owner about to be removed with the Orphan policy. */
    public void orphanDependents(String ownerUid) {
        if (ownerUid != null) {
            orphaner.accept(ownerUid);
        }
    }

    public void record(String uid, String policy) {
        if (uid != null && policy != null) {
            byUid.put(uid, policy);
        }
    }

    /** Removes and returns the policy for {@code uid}, Background when none was recorded. */
    public String take(String uid) {
        String policy = uid == null ? null : byUid.remove(uid);
        return policy == null ? BACKGROUND : policy;
    }
}
