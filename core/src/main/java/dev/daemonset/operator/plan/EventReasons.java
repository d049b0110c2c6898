package dev.daemonset.operator.plan;

/** Event reasons, spelled as upstream's DaemonSet controller spells them. */
public final class EventReasons {
    public static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    public static final String FAILED_CREATE = "FailedCreate";
    public static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    public static final String FAILED_DELETE = "FailedDelete";
    public static final String FAILED_DAEMON_POD = "FailedDaemonPod";
    public static final String SUCCEEDED_DAEMON_POD = "SucceededDaemonPod";
    public static final String SELECTING_ALL = "SelectingAll";
    public static final String INVALID_SPEC = "InvalidSpec";

    private EventReasons() {}
}
