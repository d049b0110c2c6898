package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** No sync plans from caches whose watches are down; it comes back until they watch again. */
class CacheWatchGateTest {
  private static final DaemonSetKey KEY = new DaemonSetKey("default", "agent");

  private final AtomicBoolean watching = new AtomicBoolean(true);
  private final List<DaemonSetKey> synced = new ArrayList<>();
  private final CacheWatchGate gate = new CacheWatchGate(watching::get, key -> {
    synced.add(key);
    return Duration.ofSeconds(7);
  });

  @Test
  void whileAWatchIsDownNoSyncRunsAndTheKeyComesBackSoon() throws Exception {
    watching.set(false);

    assertThat(gate.process(KEY)).isEqualTo(CacheWatchGate.RECHECK);
    assertThat(gate.process(KEY)).isEqualTo(CacheWatchGate.RECHECK);
    assertThat(synced).isEmpty();
  }

  @Test
  void onceTheInformersWatchAgainTheSyncRunsAndDecidesWhenToComeBack() throws Exception {
    watching.set(false);
    gate.process(KEY);
    watching.set(true);

    assertThat(gate.process(KEY)).isEqualTo(Duration.ofSeconds(7));
    assertThat(synced).containsExactly(KEY);
  }

  @Test
  void aFailingSyncStillFailsSoThatItsKeyBacksOff() {
    CacheWatchGate failing = new CacheWatchGate(() -> true, key -> {
      throw new IllegalStateException("pod write failed");
    });

    assertThatThrownBy(() -> failing.process(KEY)).hasMessage("pod write failed");
  }
}
