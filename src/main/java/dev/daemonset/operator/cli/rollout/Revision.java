package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Objects;

/** One entry of a DaemonSet's rollout history: a ControllerRevision with its pod template decoded. */
public record Revision(long number, String name, PodTemplateSpec template, String changeCause) {
  public Revision {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
  }
}
