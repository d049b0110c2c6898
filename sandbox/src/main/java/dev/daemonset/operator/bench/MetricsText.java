package dev.daemonset.operator.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads in the operator's /metrics (Prometheus text), when the operator is a JVM of its own. */
final class MetricsText {
    /** Syncs completed, over every DaemonSet. */
    static final Pattern SYNCS =
            Pattern.compile("^dds_reconcile_duration_seconds_count\\{[^}]*} (\\S+)$", Pattern.MULTILINE);

    static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"} (\\S+)$", Pattern.MULTILINE);
    static final Pattern QUEUE_DEPTH = Pattern.compile("^dds_workqueue_depth(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    static final Pattern IN_FLIGHT =
            Pattern.compile("^dds_workqueue_in_flight(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    static final Pattern LEADER = Pattern.compile("^dds_leader (\\S+)$", Pattern.MULTILINE);

    private MetricsText() {}

    /** The sum of every series {@code p} matches (0 when none does). */
    static double sum(Pattern p, String metrics) {
        double total = 0;
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    /**
     * Leading, with nothing queued and nothing being synced: as {@code Operator.isIdle} for an operator in the
     * same process. A series not yet there (the leader's queue not made yet) counts as not idle.
     */
    static boolean idleLeader(String metrics) {
        return sum(LEADER, metrics) == 1
                && QUEUE_DEPTH.matcher(metrics).find()
                && IN_FLIGHT.matcher(metrics).find()
                && sum(QUEUE_DEPTH, metrics) == 0
                && sum(IN_FLIGHT, metrics) == 0;
    }
}
