package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.daemonset.operator.bench.BenchOptions;
import dev.daemonset.operator.bench.Benchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark end to end on a tiny cluster: every figure is there and sane. No timing is asserted. */
// three convergences, T_raw at four parallelisms, a floor sample beside each join, application pods and
// an operator JVM of its own
@Timeout(180)
class BenchCommandSmokeTest {
    private static final int NODES = 50;
    private static final int DAEMONSETS = 2;
    private static final List<String> ISSUE_KEYS = List.of(
            "convergence_ratio",
            "convergence_ratio_min",
            "convergence_ratio_max",
            "write_amplification",
            "resync_writes",
            "sync_ms_at_n",
            "sync_ms_at_tenth_n",
            "node_join_round_trips",
            "node_join_vs_floor",
            "rolling_update_ratio",
            "heap_bytes_per_pod",
            "heap_bytes_per_cached_pod",
            "cached_pods",
            "startup_ms",
            "startup_peak_heap_bytes");
    private static final List<String> RAW_KEYS = List.of(
            "t_conv_ms",
            "t_conv_min_ms",
            "t_conv_max_ms",
            "t_raw_ms",
            "t_raw_parallelism",
            "t_raw_ms_at_write_parallelism",
            "d_parallel_creates_ms",
            "node_join_vs_d_parallel_creates",
            "convergence_pod_creates",
            "convergence_status_writes",
            "convergence_event_writes",
            "create_round_trip_ms",
            "node_join_ms",
            "rolling_update_ms",
            "operator_heap_bytes_per_pod",
            "operator_live_heap_bytes",
            "deployment_heap_bytes");

    @Test
    void writesEveryFigureAsANumber(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");

        int exit = dev.daemonset.operator.devtools.Main.commandLine()
                .execute(
                        "bench",
                        "--nodes",
                        String.valueOf(NODES),
                        "--daemonsets",
                        String.valueOf(DAEMONSETS),
                        "--out",
                        out.toString());

        assertThat(exit).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out));
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            assertThat(field.getValue().isNumber()).as(field.getKey()).isTrue();
        }
        for (String key : ISSUE_KEYS) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        for (String key : RAW_KEYS) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("nodes").asInt()).isEqualTo(NODES);
        double ratio = json.get("convergence_ratio").asDouble();
        assertThat(json.get("convergence_ratio_min").asDouble())
                .as("convergence_ratio_min")
                .isLessThanOrEqualTo(ratio);
        assertThat(json.get("convergence_ratio_max").asDouble())
                .as("convergence_ratio_max")
                .isGreaterThanOrEqualTo(ratio);
        assertThat(json.get("t_conv_ms").asDouble())
                .isBetween(
                        json.get("t_conv_min_ms").asDouble(),
                        json.get("t_conv_max_ms").asDouble());
        assertThat(json.get("convergence_runs").asInt()).isGreaterThanOrEqualTo(3);
        List<Double> runRatios = new ArrayList<>();
        for (int run = 1; run <= json.get("convergence_runs").asInt(); run++) {
            runRatios.add(json.get("t_conv_ms_run_" + run).asDouble()
                    / json.get("t_raw_beside_ms_run_" + run).asDouble());
        }
        assertThat(runRatios)
                .as("convergence_ratio is one repetition's T_conv over the T_raw sampled beside it")
                .anySatisfy(r -> assertThat(r).isCloseTo(ratio, offset(0.01)));
        assertThat(json.get("t_raw_ms").asDouble())
                .as("the fastest parallelism is no slower than the operator's")
                .isLessThanOrEqualTo(json.get("t_raw_ms_at_write_parallelism").asDouble());
        assertThat(json.has("t_raw_ms_at_parallelism_"
                        + json.get("t_raw_parallelism").asInt()))
                .as("T_raw's parallelism is one of those timed")
                .isTrue();
        assertThat(json.get("node_join_vs_d_parallel_creates").asDouble())
                .as("the earlier name of node_join_vs_floor")
                .isEqualTo(json.get("node_join_vs_floor").asDouble());
        assertThat(json.get("convergence_pod_creates").asInt())
                .as("one create per node")
                .isEqualTo(NODES);
        assertThat(json.get("write_amplification").asDouble()).isBetween(1.0, 2.0);
        assertThat(json.get("resync_writes").asInt()).isZero();
        assertThat(json.get("rolling_update_pod_creates").asInt()).isEqualTo(NODES);
        assertThat(json.get("cached_pods").asLong())
                .as("every daemon pod, on the N nodes and the nodes that joined, and every application pod")
                .isEqualTo((long) (NODES + Benchmark.JOIN_SAMPLES) * DAEMONSETS
                        + (long) NODES * BenchOptions.DEFAULT_APP_PODS_PER_NODE);
        assertThat(json.get("startup_peak_heap_bytes").asLong())
                .as("start-up fits the Deployment's heap")
                .isPositive()
                .isLessThanOrEqualTo(json.get("deployment_heap_bytes").asLong());
        for (String positive : List.of(
                "convergence_ratio",
                "sync_ms_at_n",
                "sync_ms_at_tenth_n",
                "node_join_round_trips",
                "node_join_vs_floor",
                "convergence_ratio_min",
                "rolling_update_ratio",
                "t_raw_ms",
                "t_conv_ms",
                "operator_heap_bytes_per_pod",
                "heap_bytes_per_cached_pod",
                "startup_ms")) {
            assertThat(json.get(positive).asDouble()).as(positive).isPositive();
        }
    }
}
