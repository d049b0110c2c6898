package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Every DaemonSet event, periodic resyncs included, asks for a sync of that DaemonSet. */
final class DaemonSetEventHandler implements ResourceEventHandler<DaemonSet> {
    private final Consumer<DaemonSetKey> enqueue;
    private final Consumer<DaemonSet> forget;

    DaemonSetEventHandler(Consumer<DaemonSetKey> enqueue, Consumer<DaemonSet> forget) {
        this.enqueue = enqueue;
        this.forget = forget;
    }

    @Override
    public void onAdd(DaemonSet ds) {
        enqueue.accept(DaemonSetKey.of(ds));
    }

    @Override
    public void onUpdate(DaemonSet old, DaemonSet now) {
        if (!old.getMetadata().getUid().equals(now.getMetadata().getUid())) {
            forget.accept(old);
        }
        enqueue.accept(DaemonSetKey.of(now));
    }

    @Override
    public void onDelete(DaemonSet ds, boolean finalStateUnknown) {
        forget.accept(ds);
        enqueue.accept(DaemonSetKey.of(ds));
    }
}
