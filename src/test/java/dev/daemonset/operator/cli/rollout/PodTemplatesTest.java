package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

  @Test
  void readsTheTemplateOutOfUpstreamRevisionDataWithoutThePatchDirective() {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("labels", Map.of("app", "agent")));
    template.put("spec", Map.of("containers", List.of(Map.of("name", "agent", "image", "agent:1"))));
    template.put("$patch", "replace");

    PodTemplateSpec decoded = PodTemplates.fromRevisionData(Map.of("spec", Map.of("template", template)));

    assertThat(decoded.getSpec().getContainers().get(0).getImage()).isEqualTo("agent:1");
    assertThat(PodTemplates.toJson(decoded).has("$patch")).isFalse();
    assertThat(decoded.getAdditionalProperties()).doesNotContainKey("$patch");
  }

  @Test
  void dataWithoutATemplateIsNotATemplate() {
    assertThat(PodTemplates.fromRevisionData(Map.of("spec", Map.of()))).isNull();
    assertThat(PodTemplates.fromRevisionData(null)).isNull();
  }

  @Test
  void templatesAreComparedByContent() {
    PodTemplateSpec a = Fixtures.template(Map.of("app", "agent"), "agent:1");
    PodTemplateSpec b = Fixtures.template(Map.of("app", "agent"), "agent:1");
    b.getMetadata().setAnnotations(new LinkedHashMap<>());
    assertThat(PodTemplates.same(a, b)).isTrue();

    b.getSpec().getContainers().get(0).setImage("agent:2");
    assertThat(PodTemplates.same(a, b)).isFalse();
  }
}
