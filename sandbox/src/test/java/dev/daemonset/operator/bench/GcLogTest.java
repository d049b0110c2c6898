package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcLogTest {
    private static final String LOG = """
            [0.008s][info][gc] Using G1
            [0.912s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->6M(358M) 4.120ms
            [2.310s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 187M->64M(358M) 21.877ms
            [3.001s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 204800K->70M(358M) 9.1ms
            [9.500s][info][gc] GC(3) Pause Full (System.gc()) 300M->120M(358M) 310.2ms
            """;

    @Test
    void thePeakIsTheMostHeldBeforeACollectionWithinTheWindow() {
        assertThat(GcLog.peakBefore(LOG, Duration.ofSeconds(5))).isEqualTo(200L * 1024 * 1024);
        assertThat(GcLog.peakBefore(LOG, Duration.ofSeconds(10))).isEqualTo(300L * 1024 * 1024);
        assertThat(GcLog.peakBefore(LOG, Duration.ofMillis(500))).isZero();
    }
}
