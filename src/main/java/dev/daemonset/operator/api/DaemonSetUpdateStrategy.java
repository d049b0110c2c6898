package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DaemonSetUpdateStrategy {
  public static final String ROLLING_UPDATE = "RollingUpdate";
  public static final String ON_DELETE = "OnDelete";

  private UpdateStrategyType type;
  private RollingUpdateDaemonSet rollingUpdate;

  public UpdateStrategyType getType() { return type; }
  public void setType(UpdateStrategyType type) { this.type = type; }
  public RollingUpdateDaemonSet getRollingUpdate() { return rollingUpdate; }
  public void setRollingUpdate(RollingUpdateDaemonSet rollingUpdate) { this.rollingUpdate = rollingUpdate; }
}
