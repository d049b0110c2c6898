package dev.daemonset.operator.faults;

/**
 * How often pod creates and deletes fail: each write draws once and gets at most one fault. A
 * timeout is applied or lost with equal odds: the client cannot tell which, and both must be safe.
 */
record WriteFaults(double serverError, double conflict, double timeout) {
    static final WriteFaults NONE = new WriteFaults(0, 0, 0);

    WriteFaults {
        if (serverError < 0 || conflict < 0 || timeout < 0 || serverError + conflict + timeout > 1) {
            throw new IllegalArgumentException("fault rates must be probabilities summing to at most 1");
        }
    }
}
