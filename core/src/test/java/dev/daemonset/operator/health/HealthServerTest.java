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
    void answersOkWithWhatIsFineOrServiceUnavailableWithTheReason() {
        AtomicReference<Probe.Answer> readiness =
                new AtomicReference<>(Probe.Answer.failing("informer caches are not synced yet"));
        try (HealthServer server = HealthServer.start(0, Probe.Answer::ok, readiness::get)) {
            HttpResponse<String> alive = Http.get(server.port(), "/healthz");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(alive.body()).isEqualTo("ok\n");
            HttpResponse<String> notReady = Http.get(server.port(), "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("informer caches are not synced yet\n");

            readiness.set(Probe.Answer.ok("standing by (leader is operator-b)"));
            HttpResponse<String> ready = Http.get(server.port(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ok: standing by (leader is operator-b)\n");
        }
    }

    @Test
    void aProbeThatThrowsIsAFailureNotACrash() {
        try (HealthServer server = HealthServer.start(
                0,
                () -> {
                    throw new IllegalStateException("boom");
                },
                Probe.Answer::ok)) {
            HttpResponse<String> r = Http.get(server.port(), "/healthz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("boom");
        }
    }

    @Test
    void stopsListeningWhenClosed() {
        HealthServer server = HealthServer.start(0, Probe.Answer::ok, Probe.Answer::ok);
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> Http.get(port, "/healthz")).isInstanceOf(UncheckedIOException.class);
    }
}
