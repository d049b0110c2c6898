package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "history",
        description =
                "View previous rollout revisions (from the DaemonSet's ControllerRevisions) and their pod templates.")
final class RolloutHistoryCommand extends RolloutSubcommand {
    @Option(
            names = "--revision",
            defaultValue = "0",
            paramLabel = "N",
            description = "Show the pod template of this revision instead of the list.")
    long revision;

    @Override
    void validate() {
        if (revision < 0) {
            throw CommandFailure.error("revision must be a positive integer: " + revision);
        }
    }

    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        DaemonSet ds = daemonSet.get();
        RevisionHistory history = RevisionHistory.of(daemonSet.revisions(ds));
        String header = DaemonSetNames.qualified(daemonSet.name());
        if (history.isEmpty() || revision == 0) {
            out.print(header + (revision > 0 ? " with revision #" + revision : "") + "\n" + HistoryView.table(history)
                    + "\n");
            return OK;
        }
        Revision shown =
                history.find(revision).orElseThrow(() -> CommandFailure.error("unable to find the specified revision"));
        out.print(header + " with revision #" + revision + "\n" + HistoryView.template(shown) + "\n");
        return OK;
    }
}
