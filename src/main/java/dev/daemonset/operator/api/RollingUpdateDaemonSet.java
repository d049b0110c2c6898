package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * apps/v1 maxUnavailable and maxSurge, plus the progressive-delivery controls upstream lacks:
 * partition, a node-label canary selector and pause.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollingUpdateDaemonSet {
  private IntOrString maxUnavailable;
  private IntOrString maxSurge;
  private IntOrString partition;
  private LabelSelector nodeSelector;
  private Boolean paused;

  public IntOrString getMaxUnavailable() { return maxUnavailable; }
  public void setMaxUnavailable(IntOrString maxUnavailable) { this.maxUnavailable = maxUnavailable; }
  public IntOrString getMaxSurge() { return maxSurge; }
  public void setMaxSurge(IntOrString maxSurge) { this.maxSurge = maxSurge; }
  /** How many desired nodes (int, or percent rounded up) stay on the old revision; the last ones in update order. */
  public IntOrString getPartition() { return partition; }
  public void setPartition(IntOrString partition) { this.partition = partition; }
  /** Only nodes whose labels match are updated: a canary by node label. */
  public LabelSelector getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(LabelSelector nodeSelector) { this.nodeSelector = nodeSelector; }
  /** No pod is replaced for the update while true; pods are still created on new nodes. */
  public Boolean getPaused() { return paused; }
  public void setPaused(Boolean paused) { this.paused = paused; }
}
