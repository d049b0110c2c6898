package dev.daemonset.operator.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What each fault scenario did, collected for the table printed at the end of the suite. */
final class FaultSuiteReport {
    /**
     * @param writes the operators' writes (pods, status, revisions; not events or leases) the API server
     *     received: the requests the invariants and the one-writer checks judged
     * @param podEvents pod changes the invariant monitor sampled
     * @param checks invariant checks made on those samples
     * @param figures what the scenario measured, in words
     */
    record Row(
            String scenario,
            int nodes,
            Duration took,
            Map<FaultKind, Integer> faults,
            int kills,
            int apiRestarts,
            int nodeChanges,
            long writes,
            long podEvents,
            long checks,
            int podsVerified,
            String peakUnavailable,
            List<String> figures,
            boolean passed) {
        int injected() {
            return faults.entrySet().stream()
                    .filter(e -> e.getKey().injected())
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        int leaseFaults() {
            return faults.entrySet().stream()
                    .filter(e -> e.getKey().onLease())
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private FaultSuiteReport() {}

    static synchronized void add(Row row) {
        ROWS.add(row);
    }

    static synchronized String table() {
        StringBuilder sb = new StringBuilder();
        String header = String.format(
                "%-38s %5s %7s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s %5s %5s %6s %7s %8s %6s  %-12s %s",
                "scenario",
                "nodes",
                "time",
                "faults",
                "500",
                "409",
                "t/o+",
                "t/o-",
                "st409",
                "stale",
                "422",
                "lease",
                "kills",
                "apiRs",
                "nodeΔ",
                "writes",
                "podEvts",
                "checks",
                "pods",
                "peakU",
                "result");
        sb.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        Map<FaultKind, Integer> total = new EnumMap<>(FaultKind.class);
        int kills = 0;
        int restarts = 0;
        int nodeChanges = 0;
        long writes = 0;
        long events = 0;
        long checks = 0;
        int pods = 0;
        long millis = 0;
        for (Row r : ROWS) {
            sb.append(String.format(
                    "%-38s %5d %6.1fs %6d %6d %6d %6d %6d %6d %6d %6d %6d %5d %5d %5d %6d %7d %8d %6d  %-12s %s%n",
                    r.scenario(),
                    r.nodes(),
                    r.took().toMillis() / 1000.0,
                    r.injected(),
                    n(r.faults(), FaultKind.SERVER_ERROR) + n(r.faults(), FaultKind.SERVER_ERROR_APPLIED),
                    n(r.faults(), FaultKind.CONFLICT),
                    n(r.faults(), FaultKind.TIMEOUT_APPLIED),
                    n(r.faults(), FaultKind.TIMEOUT_LOST),
                    n(r.faults(), FaultKind.STATUS_CONFLICT),
                    n(r.faults(), FaultKind.STALE_STATUS),
                    n(r.faults(), FaultKind.REJECTED_TEMPLATE),
                    r.leaseFaults(),
                    r.kills(),
                    r.apiRestarts(),
                    r.nodeChanges(),
                    r.writes(),
                    r.podEvents(),
                    r.checks(),
                    r.podsVerified(),
                    r.peakUnavailable(),
                    r.passed() ? "passed" : "FAILED"));
            r.faults().forEach((k, v) -> total.merge(k, v, Integer::sum));
            kills += r.kills();
            restarts += r.apiRestarts();
            nodeChanges += r.nodeChanges();
            writes += r.writes();
            events += r.podEvents();
            checks += r.checks();
            pods += r.podsVerified();
            millis += r.took().toMillis();
        }
        int injected = total.entrySet().stream()
                .filter(e -> e.getKey().injected())
                .mapToInt(Map.Entry::getValue)
                .sum();
        sb.append("-".repeat(header.length())).append('\n');
        sb.append(String.format(
                "%d scenarios in %.1fs: %d faults injected (%s), %d stale status writes refused, "
                        + "%d operator kills (%d requests refused after death), %d API server restarts, %d node changes; "
                        + "%d operator writes checked, %d pod events sampled, %d invariant checks, %d final pods verified%n",
                ROWS.size(),
                millis / 1000.0,
                injected,
                describe(total),
                total.getOrDefault(FaultKind.STALE_STATUS, 0),
                kills,
                total.getOrDefault(FaultKind.PROCESS_KILLED, 0),
                restarts,
                nodeChanges,
                writes,
                events,
                checks,
                pods));
        sb.append(
                "columns: faults all injected faults, t/o+ timeout with the write applied, t/o- timeout with the write "
                        + "lost, st409 injected status conflicts, stale status writes refused for a stale resourceVersion, 422 pods "
                        + "refused as invalid, lease lease requests of a leader cut off from its lease that failed (503, 429) or were "
                        + "held past their timeout, nodeΔ node flaps/adds/deletes, writes operator writes (pods, status, revisions) "
                        + "the API server received, podEvts pod changes the invariants were checked on, peakU most unavailable nodes "
                        + "seen / maxUnavailable (s: most nodes surging / maxSurge)\n");
        boolean anyFigures = ROWS.stream().anyMatch(r -> !r.figures().isEmpty());
        if (anyFigures) {
            sb.append("measured:\n");
            for (Row r : ROWS) {
                for (String figure : r.figures()) {
                    sb.append("  ")
                            .append(r.scenario())
                            .append(": ")
                            .append(figure)
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String describe(Map<FaultKind, Integer> total) {
        List<String> parts = new ArrayList<>();
        total.forEach((k, v) -> {
            if (v > 0 && k.injected()) {
                parts.add(k.label() + " " + v);
            }
        });
        return String.join(", ", parts);
    }

    private static int n(Map<FaultKind, Integer> m, FaultKind k) {
        return m.getOrDefault(k, 0);
    }
}
