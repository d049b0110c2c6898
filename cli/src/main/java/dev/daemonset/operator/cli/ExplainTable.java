package dev.daemonset.operator.cli;

import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.plan.DaemonSetReport;
import dev.daemonset.operator.plan.ExplainPlanner;
import dev.daemonset.operator.plan.NodeReport;
import dev.daemonset.operator.plan.PodReport;
import dev.daemonset.operator.plan.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human form of an explain report: DaemonSet-wide problems first (an invalid spec outranks every node), a
 * header, one table row per node (plus one per extra pod on a node), and, kubectl-describe style, the full text of
 * every reason too long for its cell, so rows stay one line each and nothing is lost.
 */
final class ExplainTable {
    /** Wide enough for a taint or a one-term affinity reason, short enough that a row stays on a wide terminal. */
    static final int REASON_WIDTH = 100;

    private static final String GAP = "   ";
    private static final String[] HEADER = {"NODE", "SHOULD-RUN", "POD", "READY", "REVISION", "REASON"};

    private ExplainTable() {}

    static String render(DaemonSetReport report) {
        StringBuilder out = new StringBuilder(256 + report.nodes().size() * 120);
        problems(report, out);
        header(report, out);
        out.append('\n');
        Map<String, List<String>> details = new LinkedHashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (NodeReport node : report.nodes()) {
            addRows(node, report.updateRevision(), rows, details);
        }
        if (rows.isEmpty()) {
            out.append("No nodes.\n");
        } else {
            table(rows, out);
        }
        if (!details.isEmpty()) {
            out.append("\nDetails:\n");
            details.forEach((node, lines) -> {
                out.append("  ").append(node).append(":\n");
                lines.forEach(line -> out.append("    ").append(line).append('\n'));
            });
        }
        return out.toString();
    }

    private static void problems(DaemonSetReport report, StringBuilder out) {
        for (String problem : report.problems()) {
            out.append("Warning: ").append(problem);
            if (problem.equals(ExplainPlanner.INVALID_SPEC)) {
                out.append(':');
                for (Violation v : report.violations()) {
                    out.append("\n  ").append(v);
                }
            }
            out.append('\n');
        }
        if (!report.problems().isEmpty()) {
            out.append('\n');
        }
    }

    private static void header(DaemonSetReport report, StringBuilder out) {
        field(out, "Name", report.name());
        field(out, "Namespace", report.namespace());
        field(
                out,
                "Generation",
                orDash(report.generation())
                        + (report.observedGeneration() == null
                                ? " (not observed yet)"
                                : " (observed " + report.observedGeneration() + ")"));
        field(out, "Strategy", orDash(report.strategy()));
        field(out, "Revision", orDash(report.updateRevision()));
        DaemonSetReport.Counts c = report.counts();
        if (c != null) {
            field(
                    out,
                    "Pods",
                    "desired " + c.desired() + ", current " + c.current() + ", ready " + c.ready() + ", up-to-date "
                            + c.upToDate() + ", available " + c.available() + ", misscheduled " + c.misscheduled());
        }
        List<DaemonSetCondition> conditions = report.conditions();
        if (!conditions.isEmpty()) {
            out.append("Conditions:\n");
            for (DaemonSetCondition cond : conditions) {
                out.append("  ").append(cond.getType()).append('=').append(cond.getStatus());
                if (cond.getReason() != null && !cond.getReason().equals(cond.getType())) {
                    out.append(" (").append(cond.getReason()).append(')');
                }
                if (cond.getMessage() != null && !cond.getMessage().isEmpty()) {
                    out.append(": ").append(cond.getMessage());
                }
                out.append('\n');
            }
        }
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-12s%s%n", name + ":", value));
    }

    private static void addRows(
            NodeReport node, String updateRevision, List<String[]> rows, Map<String, List<String>> details) {
        List<PodReport> pods = node.pods();
        List<String> firstRow = new ArrayList<>(node.reasons());
        if (!pods.isEmpty() && pods.get(0).problem() != null) {
            firstRow.add(pods.get(0).problem());
        }
        firstRow.addAll(node.notes());
        String reason = String.join("; ", firstRow);
        boolean shortened = !fits(reason);
        rows.add(row(node.node(), shouldRun(node), pods.isEmpty() ? null : pods.get(0), updateRevision, cell(reason)));
        for (int i = 1; i < pods.size(); i++) {
            String problem = pods.get(i).problem() == null ? "" : pods.get(i).problem();
            shortened |= !fits(problem);
            rows.add(row("", "", pods.get(i), updateRevision, cell(problem)));
        }
        if (shortened) {
            List<String> lines = new ArrayList<>(node.reasons());
            for (PodReport pod : pods) {
                if (pod.problem() != null) {
                    lines.add("pod " + pod.name() + ": " + pod.problem());
                }
            }
            lines.addAll(node.notes());
            details.put(node.node(), lines);
        }
    }

    private static boolean fits(String reason) {
        return reason.length() <= REASON_WIDTH;
    }

    private static String cell(String reason) {
        return fits(reason) ? reason : reason.substring(0, REASON_WIDTH - 16).stripTrailing() + "... (see below)";
    }

    private static String[] row(String node, String shouldRun, PodReport pod, String updateRevision, String reason) {
        if (pod == null) {
            return new String[] {node, shouldRun, "-", "-", "-", reason};
        }
        String revision = pod.revision() == null ? "-" : pod.revision();
        if (updateRevision != null && !pod.updated()) {
            revision += " (old)";
        }
        return new String[] {node, shouldRun, pod.name(), pod.ready() ? "yes" : "no", revision, reason};
    }

    static String shouldRun(NodeReport node) {
        return switch (node.verdict()) {
            case RUN -> "yes";
            case KEEP_EXISTING -> "no, existing kept";
            case EXCLUDED -> "no";
            case NO_SUCH_NODE -> "no such node";
            case UNKNOWN -> "unknown";
        };
    }

    private static void table(List<String[]> rows, StringBuilder out) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(HEADER, widths, out);
        for (String[] row : rows) {
            line(row, widths, out);
        }
    }

    private static void line(String[] cells, int[] widths, StringBuilder out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length())).append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
