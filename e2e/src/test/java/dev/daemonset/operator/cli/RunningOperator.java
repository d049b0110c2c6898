package dev.daemonset.operator.cli;

import dev.daemonset.operator.testing.Http;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code run} parsed and executed as {@code Main} does, on a thread of this JVM, with run's defaults
 * for everything but the kubeconfig, the ports and any extra arguments; stopped as SIGTERM stops it.
 */
final class RunningOperator implements AutoCloseable {
    private final RunCommand run = new RunCommand();
    private final StringWriter err = new StringWriter();
    private final int healthPort = freePort();
    private final int metricsPort = freePort();
    private final CompletableFuture<Integer> exit;

    private RunningOperator(Path kubeconfig, String... extraArgs) {
        CommandLine commandLine = commandLine(run, err);
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--kubeconfig",
                kubeconfig.toString(),
                "--health-port",
                String.valueOf(healthPort),
                "--metrics-port",
                String.valueOf(metricsPort)));
        args.addAll(List.of(extraArgs));
        exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args.toArray(String[]::new)));
    }

    /**
     * The command line as main() parses it, but holding {@code run} (without a shutdown hook, so a test
     * stops it as SIGTERM would) and printing errors to {@code err}.
     */
    static CommandLine commandLine(RunCommand run, StringWriter err) {
        run.installShutdownHook = false;
        CommandLine commandLine = Main.commandLine(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class
                        ? (K) run
                        : CommandLine.defaultFactory().create(cls);
            }
        });
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    static RunningOperator start(Path kubeconfig, String... extraArgs) {
        return new RunningOperator(kubeconfig, extraArgs);
    }

    /** A health endpoint's answer; throws while nothing listens. */
    HttpResponse<String> get(String path) {
        return Http.get(healthPort, path);
    }

    /** A health endpoint's status, or -1 while nothing answers. */
    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    String metrics() {
        HttpResponse<String> response = Http.get(metricsPort, "/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of one series, {@code name{labels}} exactly as exported; fails if it is not exported. */
    double metric(String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics());
        if (!m.find()) {
            throw new AssertionError(series + " is not exported");
        }
        return Double.parseDouble(m.group(1));
    }

    boolean hasExited() {
        return exit.isDone();
    }

    /** What run printed on its error stream (bad arguments, a failure). */
    String errors() {
        return err.toString();
    }

    /** Stops it as SIGTERM would; returns the exit code, or fails if it does not exit within {@code timeout}. */
    int stop(Duration timeout) throws Exception {
        run.stopRequested.countDown();
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop(Duration.ofSeconds(60));
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
