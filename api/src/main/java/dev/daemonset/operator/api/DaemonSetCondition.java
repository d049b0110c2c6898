package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A status condition as apps/v1 DaemonSetCondition, plus lastUpdateTime as Deployments have it:
 * the rollout conditions use it to remember when progress was last made, so a stall is detected
 * across operator restarts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DaemonSetCondition {
    private String type;
    private String status;
    private String reason;
    private String message;
    private String lastTransitionTime;
    private String lastUpdateTime;

    public DaemonSetCondition() {}

    public DaemonSetCondition(
            String type,
            String status,
            String reason,
            String message,
            String lastTransitionTime,
            String lastUpdateTime) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
        this.lastUpdateTime = lastUpdateTime;
    }

    public DaemonSetCondition copy() {
        return new DaemonSetCondition(type, status, reason, message, lastTransitionTime, lastUpdateTime);
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getLastUpdateTime() {
        return lastUpdateTime;
    }

    public void setLastUpdateTime(String lastUpdateTime) {
        this.lastUpdateTime = lastUpdateTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DaemonSetCondition c
                && Objects.equals(type, c.type)
                && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(lastUpdateTime, c.lastUpdateTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, lastUpdateTime);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
