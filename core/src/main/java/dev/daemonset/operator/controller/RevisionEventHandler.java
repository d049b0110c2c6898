package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.LabelSelectors;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A ControllerRevision event wakes its DaemonSet (a deleted revision is recreated, a foreign edit
 * corrected), or for an orphan every DaemonSet whose selector matches, so it can be adopted.
 */
final class RevisionEventHandler implements ResourceEventHandler<ControllerRevision> {
    private final ClusterView view;
    private final Consumer<DaemonSetKey> enqueue;

    RevisionEventHandler(ClusterView view, Consumer<DaemonSetKey> enqueue) {
        this.view = view;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(ControllerRevision r) {
        wake(r);
    }

    @Override
    public void onUpdate(ControllerRevision old, ControllerRevision now) {
        if (!Objects.equals(
                old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
            wake(now);
        }
    }

    @Override
    public void onDelete(ControllerRevision r, boolean finalStateUnknown) {
        wake(r);
    }

    private void wake(ControllerRevision r) {
        OwnerReference ref = Owners.controllerOf(r);
        if (ref != null) {
            if (DaemonSet.KIND.equals(ref.getKind())
                    && ref.getApiVersion() != null
                    && ref.getApiVersion().startsWith(DaemonSet.GROUP + "/")) {
                enqueue.accept(new DaemonSetKey(r.getMetadata().getNamespace(), ref.getName()));
            }
            return;
        }
        for (DaemonSet ds : view.daemonSets()) {
            if (Objects.equals(ds.getMetadata().getNamespace(), r.getMetadata().getNamespace())
                    && ds.getSpec() != null
                    && !LabelSelectors.isEmpty(ds.getSpec().getSelector())
                    && LabelSelectors.matches(
                            ds.getSpec().getSelector(), r.getMetadata().getLabels())) {
                enqueue.accept(DaemonSetKey.of(ds));
            }
        }
    }
}
