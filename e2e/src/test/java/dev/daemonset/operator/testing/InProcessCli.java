package dev.daemonset.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * Runs the jar's command line ({@code new CommandLine(new Main())}) in this JVM on its own thread,
 * capturing what it prints, so a test can run a command to its end or watch one that waits.
 */
public final class InProcessCli {
    private InProcessCli() {}

    /** Starts {@code argv} on a thread named {@code threadName}; every wait on it gives up after {@code timeout}. */
    public static Running start(String threadName, Duration timeout, List<String> argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute(argv.toArray(String[]::new)), runnable -> new Thread(runnable, threadName).start());
        return new Running(String.join(" ", argv), timeout, exit, out, err);
    }

    public record Result(int exitCode, String out, String err) {
        /** The lines of stdout that are not blank. */
        public List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    public static final class Running {
        private final String command;
        private final Duration timeout;
        private final CompletableFuture<Integer> exit;
        private final StringWriter out;
        private final StringWriter err;

        private Running(
                String command, Duration timeout, CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
            this.command = command;
            this.timeout = timeout;
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        public String out() {
            return out.toString();
        }

        public boolean exited() {
            return exit.isDone();
        }

        /** Waits until stdout shows exactly this line, failing with what was printed if it never does. */
        public void awaitLine(String line) {
            await().atMost(timeout)
                    .alias(command + ": stdout shows " + line + "; printed so far:\n" + out() + err)
                    .until(() -> out().lines().anyMatch(line::equals));
        }

        /** Waits until stdout shows a line containing {@code text}. */
        public void awaitLineContaining(String text) {
            await().atMost(timeout)
                    .alias(command + " prints a line containing " + text + "; printed so far:\n" + out() + err)
                    .until(() -> out().lines().anyMatch(l -> l.contains(text)));
        }

        public Result awaitExit() {
            try {
                int code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(code, out.toString(), err.toString());
            } catch (TimeoutException e) {
                throw new AssertionError(
                        command + " still running after " + timeout + "; stdout:\n" + out + "\nstderr:\n" + err, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
        }
    }
}
