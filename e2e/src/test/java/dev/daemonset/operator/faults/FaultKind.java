package dev.daemonset.operator.faults;

/** What the fault injector did to one request of an operator's client. */
enum FaultKind {
    SERVER_ERROR("500 InternalError"),
    /** The API server applied the write, then answered 500: the write must not be made again. */
    SERVER_ERROR_APPLIED("500 after the write was applied"),
    CONFLICT("409 Conflict"),
    TIMEOUT_APPLIED("timeout, write applied"),
    TIMEOUT_LOST("timeout, write lost"),
    STATUS_CONFLICT("409 on status write"),
    /** Not injected: what a real API server answers to a status write from a stale resourceVersion. */
    STALE_STATUS("409 stale resourceVersion"),
    REJECTED_TEMPLATE("422 invalid pod"),
    /** A pod create neither applied nor answered; the scenario commits it itself while the API server is down. */
    CREATE_HELD("pod create committed as the API server went down"),
    LEASE_REFUSED("503 on lease"),
    LEASE_THROTTLED("429 with Retry-After on lease"),
    /** The lease answer held back longer than the lease client waits. */
    LEASE_HELD("lease answer held past its timeout"),
    PROCESS_KILLED("refused: process killed");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Whether this is a fault the suite made up, rather than the API server's honest answer to a dead or stale writer. */
    boolean injected() {
        return this != STALE_STATUS && this != PROCESS_KILLED;
    }

    /** Whether this is a fault of a lease request. */
    boolean onLease() {
        return this == LEASE_REFUSED || this == LEASE_THROTTLED || this == LEASE_HELD;
    }
}
