package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollingUpdateDaemonSet {
  private IntOrString maxUnavailable;
  private IntOrString maxSurge;

  public IntOrString getMaxUnavailable() { return maxUnavailable; }
  public void setMaxUnavailable(IntOrString maxUnavailable) { this.maxUnavailable = maxUnavailable; }
  public IntOrString getMaxSurge() { return maxSurge; }
  public void setMaxSurge(IntOrString maxSurge) { this.maxSurge = maxSurge; }
}
