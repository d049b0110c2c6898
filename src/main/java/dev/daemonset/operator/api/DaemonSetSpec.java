package dev.daemonset.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A superset of apps/v1 DaemonSetSpec. Unset fields take the apps/v1 defaults (see {@link SpecDefaults}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DaemonSetSpec {
  @Required
  private LabelSelector selector;
  @Required
  private PodTemplateSpec template;
  private DaemonSetUpdateStrategy updateStrategy;
  private Integer minReadySeconds;
  private Integer revisionHistoryLimit;
  private Integer progressDeadlineSeconds;

  public LabelSelector getSelector() { return selector; }
  public void setSelector(LabelSelector selector) { this.selector = selector; }
  public PodTemplateSpec getTemplate() { return template; }
  public void setTemplate(PodTemplateSpec template) { this.template = template; }
  public DaemonSetUpdateStrategy getUpdateStrategy() { return updateStrategy; }
  public void setUpdateStrategy(DaemonSetUpdateStrategy updateStrategy) { this.updateStrategy = updateStrategy; }
  public Integer getMinReadySeconds() { return minReadySeconds; }
  public void setMinReadySeconds(Integer minReadySeconds) { this.minReadySeconds = minReadySeconds; }
  public Integer getRevisionHistoryLimit() { return revisionHistoryLimit; }
  public void setRevisionHistoryLimit(Integer revisionHistoryLimit) { this.revisionHistoryLimit = revisionHistoryLimit; }
  /** Seconds without rollout progress before RolloutStalled is reported (default 600). */
  public Integer getProgressDeadlineSeconds() { return progressDeadlineSeconds; }
  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) { this.progressDeadlineSeconds = progressDeadlineSeconds; }
}
