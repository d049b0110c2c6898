package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Which pods a DaemonSet keeps, adopts and releases this sync. */
public record PodClaims(List<Pod> claimed, List<Pod> toAdopt, List<Pod> toRelease) {}
