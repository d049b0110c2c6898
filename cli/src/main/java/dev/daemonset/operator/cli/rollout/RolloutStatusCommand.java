package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "status",
        description = {
            "Show the status of the rollout.",
            "Watches the DaemonSet until its rollout is done (exit 0), stalls or times out (exit 1)."
        })
final class RolloutStatusCommand extends RolloutSubcommand {
    @Option(
            names = {"-w", "--watch"},
            arity = "0..1",
            defaultValue = "true",
            fallbackValue = "true",
            paramLabel = "BOOL",
            description = "Watch the status of the rollout until it's done (default: ${DEFAULT-VALUE}).")
    boolean watch;

    @Option(
            names = "--timeout",
            defaultValue = "0",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "How long to wait before giving up, e.g. 30s, 5m; 0 means forever (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StatusLines lines = new StatusLines(out);
        RolloutStatus first = RolloutStatusViewer.view(daemonSet.get());
        lines.show(first);
        if (first.finished() || !watch) {
            return exitCode(first);
        }
        // empty once the DaemonSet is deleted
        CompletableFuture<Optional<RolloutStatus>> outcome = new CompletableFuture<>();
        try (DaemonSetWatch watching = daemonSet.watch(items -> {
            Optional<RolloutStatus> status = items.stream().findFirst().map(RolloutStatusViewer::view);
            status.ifPresent(lines::show);
            if (status.map(RolloutStatus::finished).orElse(true)) {
                outcome.complete(status);
            }
        })) {
            watching.failure().whenComplete((ignored, error) -> outcome.completeExceptionally(error));
            Optional<RolloutStatus> last = await(outcome, deadline);
            // kubectl stops rather than follow a re-created object that may not be the one it was asked about
            return exitCode(last.orElseThrow(() -> CommandFailure.error("object has been deleted")));
        } finally {
            lines.close();
        }
    }

    private Optional<RolloutStatus> await(CompletableFuture<Optional<RolloutStatus>> outcome, long deadline) {
        try {
            return timeout.isZero()
                    ? outcome.get()
                    : outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CommandFailure.error("timed out waiting for the condition");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.error("interrupted while waiting for the rollout");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException k) {
                throw k;
            }
            throw CommandFailure.error("watching the rollout failed: " + e.getCause());
        }
    }

    private static int exitCode(RolloutStatus status) {
        if (status.phase() == RolloutStatus.Phase.FAILED) {
            throw CommandFailure.error(status.message());
        }
        return OK;
    }

    /** kubectl spells --timeout as a Go duration (30s, 2m), not ISO-8601 (PT30S). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
