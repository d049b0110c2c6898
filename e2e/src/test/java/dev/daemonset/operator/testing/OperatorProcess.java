package dev.daemonset.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator as it ships: {@code run} in a JVM of its own, with run's defaults for everything but
 * the kubeconfig and the two ports, so a test that kills, starves or poisons it proves what a cluster
 * would see. Its log goes to a file the test can show when it fails.
 */
public final class OperatorProcess implements AutoCloseable {
    private final Process process;
    private final int healthPort;
    private final int metricsPort;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(Process process, int healthPort, int metricsPort, Path log) {
        this.process = process;
        this.healthPort = healthPort;
        this.metricsPort = metricsPort;
        this.log = log;
    }

    /** Starts {@code run --kubeconfig FILE} and returns once its caches are synced ({@code /readyz} answers 200). */
    public static OperatorProcess start(Path kubeconfig, Path logDir, String... extraArgs) {
        return start(kubeconfig, logDir, List.of(), extraArgs);
    }

    /** As {@link #start(Path, Path, String...)}, with options for the JVM (a heap limit, say). */
    public static OperatorProcess start(Path kubeconfig, Path logDir, List<String> jvmOptions, String... extraArgs) {
        int health = freePort();
        int metrics = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.daemonset.operator.cli.Main",
                "run",
                "--kubeconfig=" + kubeconfig,
                "--health-port=" + health,
                "--metrics-port=" + metrics));
        command.addAll(List.of(extraArgs));
        try {
            Path log = Files.createTempFile(logDir, "operator-", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            OperatorProcess operator = new OperatorProcess(p, health, metrics, log);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("operator exited with " + p.exitValue() + ":\n" + operator.log());
                }
                return operator.status("/readyz") == 200;
            });
            return operator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status of a health endpoint, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What {@code /metrics} serves now, in the Prometheus text format. */
    public String metrics() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The operating system's id of the process, for tools such as jcmd. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
