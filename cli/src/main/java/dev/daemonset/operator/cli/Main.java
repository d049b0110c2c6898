package dev.daemonset.operator.cli;

import dev.daemonset.operator.cli.describe.DescribeCommand;
import dev.daemonset.operator.cli.drain.DrainCommand;
import dev.daemonset.operator.cli.rollout.RolloutCommand;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "daemonset-operator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Kubernetes DaemonSet controller (daemonset.dev/v1alpha1).",
        subcommands = {
            RunCommand.class,
            RolloutCommand.class,
            ExplainCommand.class,
            DescribeCommand.class,
            DrainCommand.class
        })
public final class Main implements Runnable {
    /** The most {@link #main} waits for the event loops of closed clients before exiting. */
    private static final Duration IO_THREADS_EXIT_WAIT = Duration.ofMillis(200);

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            OneShotLogging.enable();
        }
        ModelWarmUp.startFor(args);
        exit(commandLine(args), args);
    }

    /**
     * The command line for {@code args}: when they start with a command's exact name, only that command under a
     * bare root that carries the program's name; else {@link #commandLine()}. Picocli reads the annotations of
     * every command in the tree it is given, which took a one-shot command such as explain longer than its own
     * requests, and the other commands could not take part in parsing these arguments anyway: past a command's
     * name, picocli looks only at that command's options. Without a command name (no arguments, --help, a
     * misspelling), --help's list and picocli's suggestions need them all.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            Command program = Main.class.getAnnotation(Command.class);
            for (Class<?> command : program.subcommands()) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    CommandLine root = new CommandLine(
                            CommandSpec.wrapWithoutInspection(new Main()).name(program.name()));
                    // added before the settings, which apply to the subcommands present when they are set
                    root.addSubcommand(command);
                    return configure(root);
                }
            }
        }
        return commandLine();
    }

    /** Runs {@code args} on {@code cli} and exits with its exit code, without the JVM's wait for the client's threads. */
    public static void exit(CommandLine cli, String[] args) {
        int exitCode = cli.execute(args);
        if (ArchivedClasses.writing()) {
            ArchivedClasses.load();
        }
        awaitIoThreads(IO_THREADS_EXIT_WAIT);
        System.exit(exitCode);
    }

    /**
     * Waits, at most {@code budget} in all, for the Kubernetes client's I/O threads to end. A command closes its
     * client before it returns, but a JVM asked to exit while a thread is in native code waits up to 300 ms for
     * it (JDK 17, {@code VM_Exit::wait_for_threads_in_native_to_block}), which would be a third of the time of a
     * one-shot command such as explain. Vert.x's event loops (run) are still leaving their native epoll wait for
     * a few milliseconds after the close, so they are joined. The JDK HTTP client's selector thread (the other
     * commands) stays in its epoll wait until its client is garbage-collected, as JDK 17's client has no close;
     * interrupting it is what makes it leave at once, and the client it serves is closed already.
     */
    static void awaitIoThreads(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            boolean jdkSelector = name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");
            if (!jdkSelector
                    && !name.startsWith("vert.x-eventloop-thread-")
                    && !name.startsWith("vert.x-acceptor-thread-")) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (jdkSelector) {
                thread.interrupt();
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The command line as main() runs it: enum values in any case, bad input as one line, not a stack trace. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return configure(new CommandLine(new Main(), factory));
    }

    private static CommandLine configure(CommandLine cli) {
        return cli.setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::shortUsageError)
                .setExecutionExceptionHandler(new ErrorMessageHandler());
    }

    /** The error and a pointer to --help: the full usage would push the error off the screen. */
    private static int shortUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
        cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        return cmd.getExitCodeExceptionMapper() != null
                ? cmd.getExitCodeExceptionMapper().getExitCode(e)
                : cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
