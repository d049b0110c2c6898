package dev.daemonset.operator.exec;

/** A write refused because this instance no longer holds the leader lease. */
final class LeadershipLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LeadershipLostException(String write) {
        super("not the leader any more: refusing to " + write);
    }
}
