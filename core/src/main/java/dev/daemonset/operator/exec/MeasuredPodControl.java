package dev.daemonset.operator.exec;

import dev.daemonset.operator.metrics.OperatorMetrics;
import dev.daemonset.operator.metrics.WriteResult;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Counts pod creates and deletes by result. */
final class MeasuredPodControl implements PodControl {
    private final OperatorMetrics metrics;
    private final PodControl delegate;

    MeasuredPodControl(OperatorMetrics metrics, PodControl delegate) {
        this.metrics = metrics;
        this.delegate = delegate;
    }

    @Override
    public Pod create(Pod pod) {
        try {
            Pod created = delegate.create(pod);
            metrics.podCreated(WriteResult.SUCCESS);
            return created;
        } catch (RuntimeException e) {
            metrics.podCreated(WriteResult.ERROR);
            throw e;
        }
    }

    @Override
    public boolean delete(String namespace, String name, String uid) {
        try {
            boolean deleted = delegate.delete(namespace, name, uid);
            metrics.podDeleted(deleted ? WriteResult.SUCCESS : WriteResult.NOT_FOUND);
            return deleted;
        } catch (RuntimeException e) {
            metrics.podDeleted(WriteResult.ERROR);
            throw e;
        }
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        delegate.setOwnerReferences(pod, ownerReferences);
    }

    @Override
    public void setRevisionHash(Pod pod, String hash) {
        delegate.setRevisionHash(pod, hash);
    }
}
