package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;

/** Status writes that are refused once the leadership gate closes. */
final class LeaderOnlyStatusWriter implements StatusWriter {
    private final LeadershipGate gate;
    private final StatusWriter delegate;

    LeaderOnlyStatusWriter(LeadershipGate gate, StatusWriter delegate) {
        this.gate = gate;
        this.delegate = delegate;
    }

    @Override
    public void write(DaemonSet ds, DaemonSetStatus status) {
        gate.write(
                "write the status of " + ds.getMetadata().getNamespace() + "/"
                        + ds.getMetadata().getName(),
                () -> delegate.write(ds, status));
    }

    @Override
    public void annotateTemplateGeneration(DaemonSet ds, long generation) {
        gate.write(
                "annotate " + ds.getMetadata().getNamespace() + "/"
                        + ds.getMetadata().getName(),
                () -> delegate.annotateTemplateGeneration(ds, generation));
    }
}
