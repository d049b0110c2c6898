package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchCloseTest {
  @Test
  void theStoreWatchListThatClosingWatchesAreDetachedFromStillExists() throws Exception {
    // FilteringWebSocketListener detaches closing watches through this private field of fabric8 8.0.0
    assertThat(KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners").getType())
        .isAssignableTo(java.util.Set.class);
  }

  @Test
  void detachingAWatchTheStoreDoesNotKnowChangesNothing() {
    ObjectStore store = new ObjectStore(List.of());
    assertThat(store.detachWatch(new Object())).isFalse();
  }
}
