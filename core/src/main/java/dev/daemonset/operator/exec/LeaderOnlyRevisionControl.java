package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;

/** ControllerRevision writes that are refused once the leadership gate closes; reads pass. */
final class LeaderOnlyRevisionControl implements RevisionControl {
    private final LeadershipGate gate;
    private final RevisionControl delegate;

    LeaderOnlyRevisionControl(LeadershipGate gate, RevisionControl delegate) {
        this.gate = gate;
        this.delegate = delegate;
    }

    @Override
    public ControllerRevision create(ControllerRevision revision) {
        return gate.write("create revision " + revision.getMetadata().getName(), () -> delegate.create(revision));
    }

    @Override
    public ControllerRevision get(String namespace, String name) {
        return delegate.get(namespace, name);
    }

    @Override
    public void renumber(ControllerRevision revision, long number) {
        gate.write("renumber revision " + revision.getMetadata().getName(), () -> delegate.renumber(revision, number));
    }

    @Override
    public void delete(String namespace, String name) {
        gate.write("delete revision " + namespace + "/" + name, () -> delegate.delete(namespace, name));
    }

    @Override
    public void annotate(ControllerRevision revision, String key, String value) {
        gate.write(
                "annotate revision " + revision.getMetadata().getName(), () -> delegate.annotate(revision, key, value));
    }

    @Override
    public void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences) {
        gate.write(
                "change the owners of revision " + revision.getMetadata().getName(),
                () -> delegate.setOwnerReferences(revision, ownerReferences));
    }
}
