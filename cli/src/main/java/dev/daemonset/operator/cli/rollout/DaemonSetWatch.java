package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A watch on one DaemonSet that hands every change to an observer as the current list (empty once
 * the DaemonSet is gone). Closing first lets a list or watch request in flight complete (briefly), so
 * the informer does not log its failure on the user's terminal.
 */
final class DaemonSetWatch implements AutoCloseable {
    private static final long SETTLE_MILLIS = 2_000;

    private final SharedIndexInformer<DaemonSet> informer;
    private final CompletableFuture<Void> started;
    private final CompletableFuture<Void> failed = new CompletableFuture<>();

    DaemonSetWatch(SharedIndexInformer<DaemonSet> informer, Consumer<List<DaemonSet>> observer) {
        this.informer = informer;
        informer.addEventHandler(new ResourceEventHandler<>() {
            /** After every list, including an empty one: the DaemonSet may be gone before the watch starts. */
            @Override
            public void onList(String resourceVersion, boolean initial) {
                observer.accept(informer.getStore().list());
            }

            @Override
            public void onAdd(DaemonSet ds) {
                observer.accept(informer.getStore().list());
            }

            @Override
            public void onUpdate(DaemonSet before, DaemonSet after) {
                observer.accept(informer.getStore().list());
            }

            @Override
            public void onDelete(DaemonSet ds, boolean finalStateUnknown) {
                observer.accept(informer.getStore().list());
            }
        });
        this.started = informer.start().toCompletableFuture();
        started.whenComplete((ignored, error) -> failIf(error));
        informer.stopped().whenComplete((ignored, error) -> failIf(error));
    }

    /** Completes exceptionally if the watch cannot be established or stops on an error. */
    CompletableFuture<Void> failure() {
        return failed;
    }

    private void failIf(Throwable error) {
        if (error != null) {
            failed.completeExceptionally(error);
        }
    }

    @Override
    public void close() {
        // Stopping fails a list or watch request still in flight, and the informer logs that as an error.
        try {
            started.get(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // stopping anyway: nobody waits for this watch any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        informer.stop();
    }
}
