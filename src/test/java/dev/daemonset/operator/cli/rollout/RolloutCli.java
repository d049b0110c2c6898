package dev.daemonset.operator.cli.rollout;

import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.cli.Main;
import dev.daemonset.operator.testing.MockCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * Runs {@code daemonset-operator rollout ...} in-process, as the jar's main would, against a mock
 * cluster reached through a kubeconfig file (so the CLI's own connection code is exercised).
 */
final class RolloutCli {
  private final Path kubeconfig;

  private RolloutCli(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Writes a kubeconfig whose current context points at the cluster, with the given namespace (null: none). */
  static RolloutCli against(MockCluster cluster, Path dir, String namespace) {
    String yaml = cluster.kubeconfig(namespace);
    try {
      Path file = Files.createTempFile(dir, "kubeconfig", ".yaml");
      Files.writeString(file, yaml);
      return new RolloutCli(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    Running running = start(args);
    return running.awaitExit();
  }

  /** Starts the command on its own thread, for commands that wait (rollout status). */
  Running start(String... args) {
    List<String> argv = new ArrayList<>(List.of("rollout"));
    argv.addAll(Arrays.asList(args));
    boolean hasSubcommand = args.length > 0;
    if (hasSubcommand && argv.stream().noneMatch(a -> a.startsWith("--kubeconfig"))) {
      argv.add("--kubeconfig=" + kubeconfig);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(argv.toArray(String[]::new)),
        runnable -> new Thread(runnable, "rollout-cli").start());
    return new Running(exit, out, err);
  }

  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static final class Running {
    private final CompletableFuture<Integer> exit;
    private final StringWriter out;
    private final StringWriter err;

    private Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    String out() {
      return out.toString();
    }

    boolean exited() {
      return exit.isDone();
    }

    /** Waits until stdout shows the line, failing with what was printed if it never does. */
    void awaitLine(String line) {
      await().atMost(MockCluster.TIMEOUT).alias("stdout shows " + line + "; printed so far:\n" + out() + err)
          .until(() -> List.of(out().split("\n")).contains(line));
    }

    Result awaitExit() {
      try {
        int code = exit.get(MockCluster.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(code, out.toString(), err.toString());
      } catch (TimeoutException e) {
        throw new AssertionError("command still running after " + MockCluster.TIMEOUT + "; stdout:\n" + out
            + "\nstderr:\n" + err, e);
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      }
    }
  }
}
