package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PlannedEvent;

/** Records Kubernetes Events on a DaemonSet. Never blocks a sync and never throws. */
public interface EventRecorder {
    void record(DaemonSet ds, PlannedEvent event);

    EventRecorder NONE = (ds, e) -> {};
}
