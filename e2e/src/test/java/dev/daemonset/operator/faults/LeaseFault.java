package dev.daemonset.operator.faults;

import java.time.Duration;

/**
 * What every lease request of one operator instance meets once its lease is faulted, while its other
 * requests still work.
 *
 * @param retryAfter the Retry-After of a 429, else zero
 * @param heldFor how long a held answer is held back (the server answers truthfully, too late), else zero
 */
record LeaseFault(FaultKind kind, Duration retryAfter, Duration heldFor) {
    LeaseFault {
        if (!kind.onLease()) {
            throw new IllegalArgumentException(kind + " is not a lease fault");
        }
    }

    /** 503 Service Unavailable: the coordination path is down, or the instance is partitioned from it. */
    static LeaseFault unavailable() {
        return new LeaseFault(FaultKind.LEASE_REFUSED, Duration.ZERO, Duration.ZERO);
    }

    /** 429 Too Many Requests with a Retry-After, as API priority and fairness answers an overloaded flow. */
    static LeaseFault throttled(Duration retryAfter) {
        return new LeaseFault(FaultKind.LEASE_THROTTLED, retryAfter, Duration.ZERO);
    }

    /** The answer comes, but only after {@code heldFor}: longer than the lease client waits, it is a timeout. */
    static LeaseFault held(Duration heldFor) {
        return new LeaseFault(FaultKind.LEASE_HELD, Duration.ZERO, heldFor);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LEASE_THROTTLED -> "429, Retry-After " + retryAfter.toSeconds() + " s";
            case LEASE_HELD -> "answer held " + heldFor.toMillis() + " ms";
            default -> "503";
        };
    }
}
