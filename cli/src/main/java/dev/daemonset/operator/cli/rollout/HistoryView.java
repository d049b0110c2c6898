package dev.daemonset.operator.cli.rollout;

import java.util.ArrayList;
import java.util.List;

/** The text {@code rollout history} prints, laid out as kubectl's tabwriter does (columns padded by two spaces). */
public final class HistoryView {
    static final String CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
    private static final String NONE = "<none>";

    private HistoryView() {}

    /** The REVISION / CHANGE-CAUSE table, one line per revision, oldest first. */
    public static String table(RevisionHistory history) {
        if (history.isEmpty()) {
            return "No rollout history found.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REVISION", "CHANGE-CAUSE"});
        for (Revision r : history.revisions()) {
            String cause = r.changeCause() == null || r.changeCause().isEmpty() ? NONE : r.changeCause();
            rows.add(new String[] {Long.toString(r.number()), cause});
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(row[0])
                    .append(" ".repeat(width - row[0].length()))
                    .append(row[1])
                    .append('\n');
        }
        return out.toString();
    }

    /** One revision's pod template, as YAML under a {@code Pod Template:} heading. */
    public static String template(Revision revision) {
        StringBuilder out = new StringBuilder("Pod Template:\n");
        for (String line : PodTemplates.toYaml(revision.requireTemplate()).split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }
}
