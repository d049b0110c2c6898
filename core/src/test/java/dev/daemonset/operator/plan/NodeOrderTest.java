package dev.daemonset.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
    @Test
    void numbersCompareByValueAndLeadingZerosOnlyBreakTies() {
        List<String> names = new ArrayList<>(List.of(
                "worker-10",
                "worker-2",
                "worker-007",
                "worker-7",
                "worker-0",
                "worker-",
                "worker-99999999999999999999",
                "worker-100000000000000000000",
                "ab",
                "a1b"));
        names.sort(NodeOrder.NATURAL);
        assertThat(names)
                .containsExactly(
                        "a1b",
                        "ab",
                        "worker-",
                        "worker-0",
                        "worker-2",
                        "worker-007",
                        "worker-7",
                        "worker-10",
                        "worker-99999999999999999999",
                        "worker-100000000000000000000");
    }
}
