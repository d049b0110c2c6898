package dev.daemonset.operator.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as it ships ({@code run}, in a JVM of its own with the Deployment's heap) and what can
 * be read of it from outside: its /metrics, its GC log, and its live heap.
 */
final class ShippedOperatorJvm implements AutoCloseable {
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private final Process process;
    private final int metricsPort;
    private final Path log;
    private final Path gcLog;
    private final long startedNanos;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ShippedOperatorJvm(Process process, int metricsPort, Path log, Path gcLog, long startedNanos) {
        this.process = process;
        this.metricsPort = metricsPort;
        this.log = log;
        this.gcLog = gcLog;
        this.startedNanos = startedNanos;
    }

    static ShippedOperatorJvm start(Path kubeconfig, Path workDir) throws IOException {
        int metrics = freePort();
        Path log = workDir.resolve("operator.log");
        Path gcLog = workDir.resolve("operator-gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DeploymentJvm.options());
        command.add("-Xlog:gc:file=" + gcLog);
        command.addAll(List.of(
                "-cp",
                // another build's jar, to compare two builds on the same cluster and by the same measure
                System.getProperty("bench.operator.classpath", System.getProperty("java.class.path")),
                "dev.daemonset.operator.cli.Main",
                "run",
                "--kubeconfig=" + kubeconfig,
                "--health-port=0",
                "--metrics-port=" + metrics));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // a benchmark stopped with ^C must not leave an operator running against nothing
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "bench-operator-reaper"));
        return new ShippedOperatorJvm(p, metrics, log, gcLog, started);
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** What /metrics serves now, or null while nothing answers (the JVM is starting). */
    String metricsOrNull() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the operator exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The bytes of every object reachable in the operator's heap: {@code jcmd PID GC.class_histogram}
     * runs a full collection first and sums what survives, so nothing allocated and already dead counts.
     */
    long liveHeapBytes() throws IOException {
        String out = Jcmd.run(process.pid(), "GC.class_histogram");
        // where the bytes go, for whoever wants to make them fewer
        Files.writeString(log.resolveSibling("operator-histogram.txt"), out);
        Matcher m = TOTAL.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in the class histogram:\n"
                    + out.lines().limit(5).toList());
        }
        return Long.parseLong(m.group(2));
    }

    /** The GC log so far, one line per collection: heap in use before and after each. */
    String gcLog() {
        try {
            return Files.exists(gcLog) ? Files.readString(gcLog) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
