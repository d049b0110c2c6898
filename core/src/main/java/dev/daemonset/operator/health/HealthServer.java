package dev.daemonset.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /healthz} (liveness) and {@code /readyz} (readiness) for the kubelet: 200 "ok" (or "ok: " and
 * what is fine), or 503 with the reason. The JDK's HTTP server is enough for two plain-text endpoints.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on every interface; port 0 picks a free port (see {@link #port}). */
    public static HealthServer start(int port, Probe liveness, Probe readiness) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health checks on port " + port + ": " + e.getMessage(), e);
        }
        // one thread: probes are rare and cheap, and a stuck probe must not pile up threads
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dds-health");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> answer(exchange, liveness));
        server.createContext("/readyz", exchange -> answer(exchange, readiness));
        server.start();
        return new HealthServer(server, executor);
    }

    private static void answer(HttpExchange exchange, Probe probe) throws IOException {
        try (exchange) {
            Probe.Answer answer;
            try {
                answer = probe.check();
            } catch (RuntimeException e) {
                answer = Probe.Answer.failing("check failed: " + e);
            }
            int code = answer.passed() ? 200 : 503;
            byte[] body = (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
