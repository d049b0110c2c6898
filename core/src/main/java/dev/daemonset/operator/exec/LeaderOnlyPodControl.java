package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Pod writes that are refused once the leadership gate closes. */
final class LeaderOnlyPodControl implements PodControl {
    private final LeadershipGate gate;
    private final PodControl delegate;

    LeaderOnlyPodControl(LeadershipGate gate, PodControl delegate) {
        this.gate = gate;
        this.delegate = delegate;
    }

    @Override
    public Pod create(Pod pod) {
        return gate.write("create a pod", () -> delegate.create(pod));
    }

    @Override
    public boolean delete(String namespace, String name, String uid) {
        return gate.write("delete pod " + namespace + "/" + name, () -> delegate.delete(namespace, name, uid));
    }

    @Override
    public void setRevisionHash(Pod pod, String hash) {
        gate.write("relabel pod " + pod.getMetadata().getName(), () -> delegate.setRevisionHash(pod, hash));
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        gate.write(
                "change the owners of pod " + pod.getMetadata().getName(),
                () -> delegate.setOwnerReferences(pod, ownerReferences));
    }
}
