package dev.daemonset.operator.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the JVM can tell cheaply about a process beyond repair: a thread killed by a
 * {@link VirtualMachineError} (out of memory, stack overflow, an internal error), and threads deadlocked
 * on monitors or locks. A restart mends both; nothing else does.
 *
 * <p>Fatal errors are seen through the default uncaught-exception handler, which {@link
 * #recordFatalErrors} installs for the whole JVM (the {@code run} command does, once). The Deployment
 * also runs the JVM with {@code -XX:+ExitOnOutOfMemoryError}, so there an OutOfMemoryError ends the
 * process before a probe could see it; this covers the other fatal errors and runs without that flag.
 */
public final class JvmHealth {
    private static final Logger LOG = LoggerFactory.getLogger(JvmHealth.class);
    private static final List<Fatal> FATAL = new CopyOnWriteArrayList<>();
    private static Thread.UncaughtExceptionHandler installed;

    private record Fatal(long at, String description, Throwable error) {}

    private final long since = System.nanoTime();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Reports the fatal errors recorded from now on, and deadlocks. */
    public JvmHealth() {}

    /**
     * Makes the JVM's default uncaught-exception handler log every exception that ends a thread and remember
     * the {@link VirtualMachineError}s, then hand the exception to the handler that was the default before.
     * Does nothing while that handler is still the default.
     */
    public static synchronized void recordFatalErrors() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        if (previous != null && previous == installed) {
            return;
        }
        installed = (thread, error) -> {
            uncaught(thread, error);
            if (previous != null) {
                previous.uncaughtException(thread, error);
            }
        };
        Thread.setDefaultUncaughtExceptionHandler(installed);
    }

    private static void uncaught(Thread thread, Throwable error) {
        // another library's handler may wrap ours and be wrapped again by a second call: one error, one entry
        if (FATAL.stream().anyMatch(f -> f.error() == error)) {
            return;
        }
        if (error instanceof VirtualMachineError) {
            FATAL.add(new Fatal(
                    System.nanoTime(),
                    error.getClass().getSimpleName() + " killed thread " + thread.getName()
                            + (error.getMessage() == null ? "" : " (" + error.getMessage() + ")"),
                    error));
        }
        try {
            LOG.error("thread {} died", thread.getName(), error);
        } catch (Throwable ignored) {
            // out of memory, most likely: the error is recorded, the log line is lost
        }
    }

    /** What is wrong with the JVM, each a sentence; empty when nothing is. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Fatal f : FATAL) {
            if (f.at() - since >= 0) {
                out.add(f.description());
            }
        }
        String deadlock = deadlock();
        if (deadlock != null) {
            out.add(deadlock);
        }
        return out;
    }

    /** A safepoint operation that walks the lock graph: microseconds for the few dozen threads of this process. */
    private String deadlock() {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return null;
        }
        List<String> names = Arrays.stream(threads.getThreadInfo(ids))
                .filter(Objects::nonNull)
                .map(ThreadInfo::getThreadName)
                .sorted()
                .toList();
        return "threads deadlocked: " + String.join(", ", names);
    }
}
