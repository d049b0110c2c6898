package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A closed watch must not hold the API server's event loop: the mock's listener winds down by waiting
 * for a send that itself needs the event loop, so doing it on the caller's thread froze the server for 30 s.
 */
class FilteringWebSocketListenerTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(2);

  @Test
  void closingAWatchReturnsBeforeTheWatchHasWoundDown() throws Exception {
    CountDownLatch callerFree = new CountDownLatch(1);
    CountDownLatch woundDown = new CountDownLatch(2);
    WebSocketListener waitsForTheCaller = new WebSocketListener() {
      @Override
      public void onClosed(WebSocket webSocket, int code, String reason) {
        windDown();
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        windDown();
      }

      private void windDown() {
        try {
          if (callerFree.await(10, TimeUnit.SECONDS)) {
            woundDown.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    FilteringWebSocketListener listener = new FilteringWebSocketListener(waitsForTheCaller, everyPod());

    assertTimeoutPreemptively(PROMPTLY, () -> listener.onClosed(new StubSocket(), 1000, "client closed the watch"));
    assertTimeoutPreemptively(PROMPTLY, () -> listener.onFailure(new StubSocket(), new RuntimeException("reset"), null));
    callerFree.countDown();

    assertThat(woundDown.await(5, TimeUnit.SECONDS)).as("the watch still winds down, on another thread").isTrue();
  }

  private static WatchFilter everyPod() {
    ResourceType pods = new ResourceRegistry(java.util.List::of).find("", "v1", "pods").orElseThrow();
    return new WatchFilter(pods, "default", null, LabelSelector.parse(""), FieldSelector.everything());
  }

  private static final class StubSocket implements WebSocket {
    @Override
    public RecordedRequest request() {
      return null;
    }

    @Override
    public boolean send(String text) {
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return true;
    }

    @Override
    public boolean close(int code, String reason) {
      return true;
    }
  }
}
