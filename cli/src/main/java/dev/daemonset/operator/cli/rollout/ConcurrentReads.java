package dev.daemonset.operator.cli.rollout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The reads of a one-shot command that do not depend on one another, sent at once instead of one after the
 * other: each waits on the API server and then decodes its answer, and the machine's other cores were idle
 * while the main thread did both for each read in turn. kubectl's own commands overlap their requests too.
 */
public final class ConcurrentReads implements AutoCloseable {
    private final ExecutorService readers;

    public ConcurrentReads(int reads) {
        readers = Executors.newFixedThreadPool(reads, read -> {
            Thread thread = new Thread(read, "read");
            // a command that fails on its first answer exits without waiting for the others
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code read}; its answer, or what it threw, comes from {@link Pending#join}. */
    public <T> Pending<T> start(Supplier<T> read) {
        return new Pending<>(CompletableFuture.supplyAsync(read, readers));
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    /** A read under way. */
    public static final class Pending<T> {
        private final CompletableFuture<T> answer;

        private Pending(CompletableFuture<T> answer) {
            this.answer = answer;
        }

        /** The read's answer; what the read threw is thrown here as it was, so callers handle it as before. */
        public T join() {
            try {
                return answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}
