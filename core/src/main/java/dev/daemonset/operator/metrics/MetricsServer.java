package dev.daemonset.operator.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Serves a registry on {@code /metrics} in the Prometheus text (and OpenMetrics) format. */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Listens on every interface; port 0 picks a free port (see {@link #port}). */
    public static MetricsServer start(int port, PrometheusRegistry registry) {
        try {
            return new MetricsServer(HTTPServer.builder()
                    .port(port)
                    .registry(registry)
                    .metricsHandlerPath("/metrics")
                    .registerHealthHandler(false)
                    .buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
