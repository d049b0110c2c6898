package dev.daemonset.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.testing.Http;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  @Test
  void answersOkOrServiceUnavailableWithTheReason() {
    AtomicReference<String> readiness = new AtomicReference<>("informer caches are not synced yet");
    try (HealthServer server = HealthServer.start(0, () -> null, readiness::get)) {
      assertThat(Http.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = Http.get(server.port(), "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("not synced");

      readiness.set(null);
      HttpResponse<String> ready = Http.get(server.port(), "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void aProbeThatThrowsIsAFailureNotACrash() {
    try (HealthServer server = HealthServer.start(0, () -> {
      throw new IllegalStateException("boom");
    }, () -> null)) {
      HttpResponse<String> r = Http.get(server.port(), "/healthz");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("boom");
    }
  }

  @Test
  void stopsListeningWhenClosed() {
    HealthServer server = HealthServer.start(0, () -> null, () -> null);
    int port = server.port();
    server.close();
    assertThatThrownBy(() -> Http.get(port, "/healthz")).isInstanceOf(UncheckedIOException.class);
  }
}
