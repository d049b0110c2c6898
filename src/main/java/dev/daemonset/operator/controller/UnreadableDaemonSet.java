package dev.daemonset.operator.controller;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Violation;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A stored DaemonSet whose spec does not fit the Java model (a number beyond int32, a list where an
 * object belongs, a string where a boolean belongs). It carries only what could be read, metadata and
 * status, and the reason, so the controller can report it and keep serving its last valid revision
 * while every other DaemonSet goes on being reconciled. Its spec is null.
 */
@Group(DaemonSet.GROUP)
@Version(DaemonSet.VERSION)
@Kind(DaemonSet.KIND)
public final class UnreadableDaemonSet extends DaemonSet {
  private final transient Violation problem;

  UnreadableDaemonSet(Violation problem) {
    this.problem = problem;
  }

  /** The first field that could not be read, and why. */
  @JsonIgnore
  public Violation problem() {
    return problem;
  }
}
