package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;

/** Writes a DaemonSet's status subresource. */
public interface StatusWriter {
  void write(DaemonSet ds, DaemonSetStatus status);
}
