package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** No sync plans from caches whose watches are down or have only just come back; the key comes back until then. */
class CacheWatchGateTest {
    private static final DaemonSetKey KEY = new DaemonSetKey("default", "agent");
    private static final Duration SYNC_ASKS_BACK_IN = Duration.ofSeconds(7);

    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<DaemonSetKey> synced = new ArrayList<>();
    private final CacheWatchGate gate = new CacheWatchGate(watching::get, nanos::get, key -> {
        synced.add(key);
        return SYNC_ASKS_BACK_IN;
    });

    @Test
    void whileEveryInformerWatchesASyncRunsAtOnceAndDecidesWhenToComeBack() throws Exception {
        assertThat(gate.process(KEY)).isEqualTo(SYNC_ASKS_BACK_IN);
        assertThat(synced).containsExactly(KEY);
    }

    @Test
    void whileAWatchIsDownNoSyncRunsAndTheKeyComesBackSoon() throws Exception {
        watching.set(false);

        assertThat(gate.process(KEY)).isEqualTo(CacheWatchGate.RECHECK);
        advance(Duration.ofSeconds(90));
        assertThat(gate.process(KEY)).isEqualTo(CacheWatchGate.RECHECK);
        assertThat(synced).isEmpty();
    }

    @Test
    void onceTheWatchesAreBackASyncWaitsForTheChangesTheyMissedToArrive() throws Exception {
        watching.set(false);
        gate.process(KEY);
        watching.set(true);

        assertThat(gate.process(KEY)).as("just back").isEqualTo(CacheWatchGate.RECHECK);
        advance(CacheWatchGate.CATCH_UP.minusMillis(1));
        assertThat(gate.process(KEY)).as("still catching up").isEqualTo(CacheWatchGate.RECHECK);
        assertThat(synced).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(gate.process(KEY)).isEqualTo(SYNC_ASKS_BACK_IN);
        assertThat(synced).containsExactly(KEY);
    }

    @Test
    void aWatchThatDropsAgainWhileCatchingUpStartsTheWaitAfresh() throws Exception {
        watching.set(false);
        gate.process(KEY);
        watching.set(true);
        gate.process(KEY);
        advance(CacheWatchGate.CATCH_UP.minusMillis(100));
        watching.set(false);
        gate.process(KEY);
        watching.set(true);
        gate.process(KEY);
        advance(Duration.ofMillis(200));

        assertThat(gate.process(KEY)).isEqualTo(CacheWatchGate.RECHECK);
        assertThat(synced).isEmpty();
    }

    @Test
    void aFailingSyncStillFailsSoThatItsKeyBacksOff() {
        CacheWatchGate failing = new CacheWatchGate(() -> true, nanos::get, key -> {
            throw new IllegalStateException("pod write failed");
        });

        assertThatThrownBy(() -> failing.process(KEY)).hasMessage("pod write failed");
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
