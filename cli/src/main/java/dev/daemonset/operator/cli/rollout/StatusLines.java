package dev.daemonset.operator.cli.rollout;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Prints progress lines as they change. Observations arrive on the watch thread while the command
 * thread may give up (timeout), so once closed nothing more is printed.
 */
final class StatusLines {
    private final PrintWriter out;
    private String last;
    private boolean closed;

    StatusLines(PrintWriter out) {
        this.out = out;
    }

    /** Prints the status unless it failed (the caller reports failures) or repeats the previous line. */
    synchronized void show(RolloutStatus status) {
        if (closed || status.phase() == RolloutStatus.Phase.FAILED || Objects.equals(last, status.message())) {
            return;
        }
        last = status.message();
        out.println(status.message());
        out.flush();
    }

    synchronized void close() {
        closed = true;
    }
}
