package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    @Test
    void showsTheConvergenceMedianWithItsRangeAndTheJoinAgainstItsFloor() {
        BenchResult result = new BenchResult();
        result.put("nodes", 5000);
        result.put("daemonsets", 10);
        result.put("pods", 50_000L);
        result.putMillis("t_raw_ms", Duration.ofMillis(3_655));
        result.putRatio("convergence_ratio", 1.0812);
        result.putRatio("convergence_ratio_min", 0.9934);
        result.putRatio("convergence_ratio_max", 1.2201);
        result.putRatio("node_join_vs_floor", 1.31);

        String table = result.table();

        assertThat(table)
                .containsPattern("convergence T_conv / T_raw beside it \\(median of runs\\) +1\\.0812 +<= 1\\.15 +yes");
        assertThat(table).containsPattern("lowest - highest of the runs +0\\.9934 - 1\\.2201");
        assertThat(table).containsPattern("node join / D creates at once \\(the floor\\) +1\\.31 +<= 1\\.2 +NO");
        assertThat(table).containsPattern("T_raw \\(ms, fastest of the parallelisms\\) +3655");
        assertThat(table).containsPattern("T_conv lowest - highest \\(ms\\) +- ");
    }
}
