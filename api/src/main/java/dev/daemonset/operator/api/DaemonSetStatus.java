package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Every apps/v1 DaemonSetStatus field. Value equality lets the controller skip no-op writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DaemonSetStatus {
    private Integer desiredNumberScheduled = 0;
    private Integer currentNumberScheduled = 0;
    private Integer numberMisscheduled = 0;
    private Integer numberReady = 0;
    private Integer updatedNumberScheduled;
    private Integer numberAvailable;
    private Integer numberUnavailable;
    private Long observedGeneration;
    private Integer collisionCount;
    private String updateRevision;
    private String currentRevision;
    private List<DaemonSetCondition> conditions = new ArrayList<>();

    public Integer getDesiredNumberScheduled() {
        return desiredNumberScheduled;
    }

    public void setDesiredNumberScheduled(Integer v) {
        this.desiredNumberScheduled = v;
    }

    public Integer getCurrentNumberScheduled() {
        return currentNumberScheduled;
    }

    public void setCurrentNumberScheduled(Integer v) {
        this.currentNumberScheduled = v;
    }

    public Integer getNumberMisscheduled() {
        return numberMisscheduled;
    }

    public void setNumberMisscheduled(Integer v) {
        this.numberMisscheduled = v;
    }

    public Integer getNumberReady() {
        return numberReady;
    }

    public void setNumberReady(Integer v) {
        this.numberReady = v;
    }

    public Integer getUpdatedNumberScheduled() {
        return updatedNumberScheduled;
    }

    public void setUpdatedNumberScheduled(Integer v) {
        this.updatedNumberScheduled = v;
    }

    public Integer getNumberAvailable() {
        return numberAvailable;
    }

    public void setNumberAvailable(Integer v) {
        this.numberAvailable = v;
    }

    public Integer getNumberUnavailable() {
        return numberUnavailable;
    }

    public void setNumberUnavailable(Integer v) {
        this.numberUnavailable = v;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long v) {
        this.observedGeneration = v;
    }

    public Integer getCollisionCount() {
        return collisionCount;
    }

    public void setCollisionCount(Integer v) {
        this.collisionCount = v;
    }
    /** The ControllerRevision new pods are created from. */
    public String getUpdateRevision() {
        return updateRevision;
    }

    public void setUpdateRevision(String v) {
        this.updateRevision = v;
    }
    /** The ControllerRevision every desired pod ran when a rollout last completed. */
    public String getCurrentRevision() {
        return currentRevision;
    }

    public void setCurrentRevision(String v) {
        this.currentRevision = v;
    }

    public List<DaemonSetCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<DaemonSetCondition> conditions) {
        this.conditions = conditions;
    }

    /** A deep copy: statuses read from the informer cache are shared and must not change. */
    public DaemonSetStatus copy() {
        DaemonSetStatus c = new DaemonSetStatus();
        c.desiredNumberScheduled = desiredNumberScheduled;
        c.currentNumberScheduled = currentNumberScheduled;
        c.numberMisscheduled = numberMisscheduled;
        c.numberReady = numberReady;
        c.updatedNumberScheduled = updatedNumberScheduled;
        c.numberAvailable = numberAvailable;
        c.numberUnavailable = numberUnavailable;
        c.observedGeneration = observedGeneration;
        c.collisionCount = collisionCount;
        c.updateRevision = updateRevision;
        c.currentRevision = currentRevision;
        c.conditions = new ArrayList<>();
        if (conditions != null) {
            conditions.forEach(x -> c.conditions.add(x.copy()));
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DaemonSetStatus s)) return false;
        return Objects.equals(desiredNumberScheduled, s.desiredNumberScheduled)
                && Objects.equals(currentNumberScheduled, s.currentNumberScheduled)
                && Objects.equals(numberMisscheduled, s.numberMisscheduled)
                && Objects.equals(numberReady, s.numberReady)
                && Objects.equals(updatedNumberScheduled, s.updatedNumberScheduled)
                && Objects.equals(numberAvailable, s.numberAvailable)
                && Objects.equals(numberUnavailable, s.numberUnavailable)
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(collisionCount, s.collisionCount)
                && Objects.equals(updateRevision, s.updateRevision)
                && Objects.equals(currentRevision, s.currentRevision)
                && Objects.equals(conditionsOrEmpty(), s.conditionsOrEmpty());
    }

    private List<DaemonSetCondition> conditionsOrEmpty() {
        return conditions == null ? List.of() : conditions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                desiredNumberScheduled,
                currentNumberScheduled,
                numberMisscheduled,
                numberReady,
                updatedNumberScheduled,
                numberAvailable,
                numberUnavailable,
                observedGeneration,
                collisionCount,
                updateRevision,
                currentRevision,
                conditionsOrEmpty());
    }
}
