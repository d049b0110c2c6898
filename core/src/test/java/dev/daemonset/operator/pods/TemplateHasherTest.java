package dev.daemonset.operator.pods;

import static dev.daemonset.operator.testing.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateHasherTest {
    @Test
    void sameTemplateSameHashWhateverTheKeyOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(TemplateHasher.hash(template(ab, "img:1"), null))
                .isEqualTo(TemplateHasher.hash(template(ba, "img:1"), null));
    }

    @Test
    void changedImageOrCollisionCountChangesTheHash() {
        PodTemplateSpec t = template(Map.of("app", "x"), "img:1");
        String h = TemplateHasher.hash(t, null);
        assertThat(TemplateHasher.hash(template(Map.of("app", "x"), "img:2"), null))
                .isNotEqualTo(h);
        assertThat(TemplateHasher.hash(t, 1)).isNotEqualTo(h).isNotEqualTo(TemplateHasher.hash(t, 2));
    }

    @Test
    void hashUsesUpstreamsSafeAlphabetSoItIsAValidLabelValue() {
        String h = TemplateHasher.hash(template(Map.of("app", "x"), "img:1"), null);
        assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }
}
