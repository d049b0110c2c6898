package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.client.SharedSerialization;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pod templates as the rollout history stores them: JSON, compared by content rather than by Java identity. */
public final class PodTemplates {
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;
    // kubectl-style YAML: strings quoted only where YAML needs it
    private static final KubernetesSerialization YAML = new KubernetesSerialization(
            new JsonMapper(),
            true,
            new YamlDumpSettingsBuilder().setMinimizeQuotes(true).build());

    private PodTemplates() {}

    /**
     * True when both templates serialise to the same JSON, so an absent list and an empty one, or a
     * different key order, do not count as a change.
     */
    public static boolean same(PodTemplateSpec a, PodTemplateSpec b) {
        return toJson(a).equals(toJson(b));
    }

    public static JsonNode toJson(PodTemplateSpec template) {
        return SERIALIZATION.convertValue(template, JsonNode.class);
    }

    public static String toYaml(PodTemplateSpec template) {
        String yaml = YAML.asYaml(template);
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
