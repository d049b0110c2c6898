package dev.daemonset.operator.bench;

import java.util.List;
import java.util.function.DoublePredicate;

/** The human-readable summary: each issue figure, its target, and whether this run met it. */
final class ResultTable {
    /** A row shows the figure under {@code key}, or with {@code upperKey} the range from one to the other. */
    private record Row(String label, String key, String upperKey, String target, DoublePredicate met) {
        Row(String label, String key, String target, DoublePredicate met) {
            this(label, key, null, target, met);
        }

        static Row range(String label, String lowerKey, String upperKey) {
            return new Row(label, lowerKey, upperKey, "", null);
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row(
                    "1. convergence T_conv / T_raw beside it (median of runs)",
                    "convergence_ratio",
                    "<= 1.15",
                    v -> v <= 1.15),
            Row.range("   lowest - highest of the runs", "convergence_ratio_min", "convergence_ratio_max"),
            new Row("   T_conv (ms, median)", "t_conv_ms", "", null),
            Row.range("   T_conv lowest - highest (ms)", "t_conv_min_ms", "t_conv_max_ms"),
            new Row("   median T_conv / T_raw of the sweep", "convergence_ratio_vs_sweep", "", null),
            new Row("   T_raw (ms, fastest of the parallelisms)", "t_raw_ms", "", null),
            new Row("   T_raw's parallelism (requests in flight)", "t_raw_parallelism", "", null),
            new Row("   T_raw at the operator's parallelism (ms)", "t_raw_ms_at_write_parallelism", "", null),
            new Row(
                    "2. write amplification (pod creates+deletes+status) / N",
                    "write_amplification",
                    "<= 1.02",
                    v -> v <= 1.02),
            new Row("   events written during convergence", "convergence_event_writes", "", null),
            new Row("   amplification counting events too", "write_amplification_with_events", "", null),
            new Row("3. writes on a resync of everything", "resync_writes", "0", v -> v == 0),
            new Row("   one DaemonSet's sync at N nodes (ms, median)", "sync_ms_at_n", "< 20", v -> v < 20),
            new Row("   one DaemonSet's sync at N/10 nodes (ms, median)", "sync_ms_at_tenth_n", "", null),
            new Row("   growth N/10 -> N (10 = linear)", "sync_growth", "~10", v -> v <= 12),
            new Row("4. node join: all D pods / one create round trip", "node_join_round_trips", "<= 5", v -> v <= 5),
            new Row("   node join (ms, median of " + Benchmark.JOIN_SAMPLES + " nodes)", "node_join_ms", "", null),
            new Row("   node join / D creates at once (the floor)", "node_join_vs_floor", "<= 1.2", v -> v <= 1.2),
            new Row("   D creates by one client, all in flight (ms, median)", "d_parallel_creates_ms", "", null),
            new Row("   create round trip (ms, median)", "create_round_trip_ms", "", null),
            new Row("5. rolling update (10% unavailable) / T_raw", "rolling_update_ratio", "", null),
            new Row("   rolling update (ms)", "rolling_update_ms", "", null),
            new Row(
                    "6. operator live heap / cached pods (bytes, its own JVM)",
                    "heap_bytes_per_cached_pod",
                    "<= 1536",
                    v -> v <= 1536),
            new Row("   pods cached (daemon pods + application pods)", "cached_pods", "", null),
            new Row("   application pods per node", "app_pods_per_node", "", null),
            new Row("   operator live heap (bytes, after a full GC)", "operator_live_heap_bytes", "", null),
            new Row("   start-up: start to first completed sync (ms)", "startup_ms", "", null),
            new Row(
                    "   start-up: most heap in use on the way (bytes)",
                    "startup_peak_heap_bytes",
                    "< Deployment heap",
                    v -> v < DeploymentJvm.heapBytes()),
            new Row("   the Deployment's heap (bytes)", "deployment_heap_bytes", "", null));

    private ResultTable() {}

    static String render(BenchResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "DaemonSet operator benchmark: N=%s nodes, D=%s DaemonSets (%s pods)%n",
                result.get("nodes"), result.get("daemonsets"), result.get("pods")));
        String format = "%-58s %18s  %-8s %s%n";
        out.append(String.format(format, "figure", "value", "target", "met"));
        for (Row row : ROWS) {
            Number value = result.get(row.key());
            String met = row.met() == null || value == null ? "" : row.met().test(value.doubleValue()) ? "yes" : "NO";
            out.append(String.format(format, row.label(), shown(row, result), row.target(), met));
        }
        out.append(
                        "Writes are the operator's own, counted by the API server from the operator client's tagged requests;\n")
                .append(
                        "write amplification counts pod creates, pod deletes and DaemonSet status updates (events apart).\n");
        return out.toString();
    }

    private static String shown(Row row, BenchResult result) {
        Number value = result.get(row.key());
        if (value == null) {
            return "-";
        }
        if (row.upperKey() == null) {
            return format(value);
        }
        Number upper = result.get(row.upperKey());
        return format(value) + " - " + (upper == null ? "-" : format(upper));
    }

    private static String format(Number value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(value);
    }
}
