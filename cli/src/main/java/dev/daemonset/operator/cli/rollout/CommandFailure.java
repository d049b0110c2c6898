package dev.daemonset.operator.cli.rollout;

/** A failure the user caused or must act on: printed as one line on stderr, exit code 1, no stack trace. */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private CommandFailure(String line) {
        super(line, null, false, false);
    }

    /** kubectl's {@code error: ...} form. */
    public static CommandFailure error(String message) {
        return new CommandFailure("error: " + message);
    }

    /** kubectl's form for an API error: {@code Error from server (Reason): message}. */
    public static CommandFailure fromServer(String reason, String message) {
        return new CommandFailure("Error from server (" + reason + "): " + message);
    }

    public static CommandFailure notFound(String name) {
        return fromServer("NotFound", DaemonSetNames.PLURAL + " \"" + name + "\" not found");
    }

    /** The line to print on stderr. */
    public String line() {
        return getMessage();
    }
}
