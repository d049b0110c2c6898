package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;

/**
 * Asked once before a sync adopts anything: the cache may still show a DaemonSet that has just been
 * deleted (with {@code --cascade=orphan}, say) or deleted and re-created under its name. Adopting for
 * it would hand the pods to a dying owner, and the garbage collector would then delete pods the user
 * meant to keep. Upstream re-reads the DaemonSet from the API server for the same reason.
 */
public interface AdoptionCheck {
    /** Adoption is always allowed: for tests that do not exercise the check. */
    AdoptionCheck NONE = ds -> null;

    /** Why {@code ds} must not adopt now, or null if it may. */
    String refusal(DaemonSet ds);
}
