package dev.daemonset.operator.sandbox;

import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * Runs the jar's own command line ({@code daemonset-operator rollout status ...}) in-process against
 * the sandbox's kubeconfig, so the CLI connects exactly as it would from a shell, without a JVM start.
 */
final class OperatorCli {
  static final Duration TIMEOUT = Duration.ofSeconds(45);

  private final Path kubeconfig;

  OperatorCli(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  Result run(String... args) {
    return start(args).awaitExit();
  }

  /** Starts the command on its own thread, for commands that wait (rollout status). */
  Running start(String... args) {
    List<String> argv = new ArrayList<>(Arrays.asList(args));
    argv.add("--kubeconfig=" + kubeconfig);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(argv.toArray(String[]::new)),
        runnable -> new Thread(runnable, "operator-cli").start());
    return new Running(String.join(" ", args), exit, out, err);
  }

  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static final class Running {
    private final String command;
    private final CompletableFuture<Integer> exit;
    private final StringWriter out;
    private final StringWriter err;

    private Running(String command, CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
      this.command = command;
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    /** Waits until stdout shows a line containing {@code text}. */
    void awaitLineContaining(String text) {
      await().atMost(TIMEOUT).alias(command + " prints a line containing " + text)
          .until(() -> out.toString().lines().anyMatch(l -> l.contains(text)));
    }

    Result awaitExit() {
      try {
        int code = exit.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(code, out.toString(), err.toString());
      } catch (TimeoutException e) {
        throw new AssertionError(command + " still running after " + TIMEOUT + "; stdout:\n" + out + "\nstderr:\n" + err, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException e) {
        throw new AssertionError(e);
      }
    }
  }
}
