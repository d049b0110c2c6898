package dev.daemonset.operator.sandbox;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a sandbox's kubeconfig, with a timeout. */
final class Kubectl {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One finished kubectl run. */
    record Result(int exitCode, String out, String err) {
        Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited with " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }

        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A kubectl that keeps running (e.g. {@code get -w}); its output lines arrive in {@link #lines}. */
    static final class Running implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        Running(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = r.readLine()) != null; ) {
                                seen.add(line);
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            // process killed
                        }
                    },
                    "kubectl-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private final Path kubeconfig;
    private final Path cacheDir;
    private final Map<String, String> environment;

    Kubectl(Path kubeconfig, Path cacheDir) {
        this(kubeconfig, cacheDir, Map.of());
    }

    /** As {@link #Kubectl(Path, Path)}, with these variables added to (or replacing) kubectl's environment. */
    Kubectl(Path kubeconfig, Path cacheDir, Map<String, String> environment) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
        this.environment = Map.copyOf(environment);
    }

    /** The kubectl executable on PATH, or null. */
    static Path binary() {
        return binary(System.getenv("PATH"));
    }

    static Path binary(String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) {
        Process process = start(args);
        try {
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + TIMEOUT);
            }
            return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            process.destroyForcibly();
        }
    }

    Running background(String... args) {
        return new Running(start(args));
    }

    private Process start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("KUBECACHEDIR", cacheDir.toString());
        pb.environment().putAll(environment);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
