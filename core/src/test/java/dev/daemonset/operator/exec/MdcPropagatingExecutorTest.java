package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MdcPropagatingExecutorTest {
    @Test
    void aTaskSeesTheSubmittersDaemonSetKeyAndThePoolThreadIsLeftClean() throws Exception {
        ExecutorService pool = new MdcPropagatingExecutor(Executors.newSingleThreadExecutor());
        try {
            MDC.put("daemonset", "default/agent");
            String seen = CompletableFuture.supplyAsync(() -> MDC.get("daemonset"), pool)
                    .get(5, TimeUnit.SECONDS);
            MDC.remove("daemonset");
            String after = CompletableFuture.supplyAsync(() -> MDC.get("daemonset"), pool)
                    .get(5, TimeUnit.SECONDS);

            assertThat(seen).isEqualTo("default/agent");
            assertThat(after).isNull();
        } finally {
            MDC.clear();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
