package dev.daemonset.operator.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    @Test
    void readsTheTemplateOutOfUpstreamRevisionDataWithoutThePatchDirective() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", Map.of("app", "agent")));
        template.put("spec", Map.of("containers", List.of(Map.of("name", "agent", "image", "agent:1"))));
        template.put("$patch", "replace");

        PodTemplateSpec decoded = Revisions.templateOf(withData(Map.of("spec", Map.of("template", template))));

        assertThat(decoded.getSpec().getContainers().get(0).getImage()).isEqualTo("agent:1");
        assertThat(decoded.getAdditionalProperties()).doesNotContainKey("$patch");
    }

    @Test
    void dataWithoutATemplateIsNotATemplate() {
        assertThat(Revisions.templateOf(withData(Map.of("spec", Map.of())))).isNull();
        assertThat(Revisions.templateOf(withData(null))).isNull();
    }

    @Test
    void dataThatIsNotAnObjectIsUnreadable() {
        assertThatThrownBy(() -> Revisions.templateOf(withData(List.of("spec"))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aSnapshotHoldsTheTemplateInUpstreamFormatAndReadsBackTheSame() {
        DaemonSet ds = Fixtures.daemonSet("agent");
        PodTemplateSpec template = Fixtures.template(Map.of("app", "agent"), "agent:1");

        ControllerRevision cr = Revisions.snapshot(ds, template, "abc", 3);

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) cr.getData()).get("spec");
        assertThat(((Map<?, ?>) spec.get("template")).get("$patch")).isEqualTo("replace");
        assertThat(Revisions.templateOf(cr)).isEqualTo(template);
    }

    private static ControllerRevision withData(Object data) {
        ControllerRevision cr = new ControllerRevision();
        cr.setData(data);
        return cr;
    }
}
