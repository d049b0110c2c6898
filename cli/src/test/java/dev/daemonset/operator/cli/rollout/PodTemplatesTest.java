package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

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
