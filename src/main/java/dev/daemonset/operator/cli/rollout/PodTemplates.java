package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Pod templates as the rollout history stores them: JSON, compared by content rather than by Java identity. */
public final class PodTemplates {
  static final String PATCH_DIRECTIVE = "$patch";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  // kubectl-style YAML: strings quoted only where YAML needs it
  private static final KubernetesSerialization YAML = new KubernetesSerialization(new JsonMapper(), true,
      new YamlDumpSettingsBuilder().setMinimizeQuotes(true).build());

  private PodTemplates() {}

  /**
   * True when both templates serialise to the same JSON, so an absent list and an empty one, or a
   * different key order, do not count as a change.
   */
  public static boolean same(PodTemplateSpec a, PodTemplateSpec b) {
    return toJson(a).equals(toJson(b));
  }

  /**
   * The pod template inside a ControllerRevision's {@code data}
   * ({@code {"spec":{"template":{..., "$patch":"replace"}}}}), without the strategic-merge directive,
   * which is not a template field; null when data holds no template.
   */
  public static PodTemplateSpec fromRevisionData(Object data) {
    if (data == null) {
      return null;
    }
    JsonNode root = SERIALIZATION.convertValue(data, JsonNode.class);
    JsonNode template = root.path("spec").path("template");
    if (!(template instanceof ObjectNode object)) {
      return null;
    }
    ObjectNode copy = object.deepCopy();
    copy.remove(PATCH_DIRECTIVE);
    return SERIALIZATION.convertValue(copy, PodTemplateSpec.class);
  }

  public static JsonNode toJson(PodTemplateSpec template) {
    return SERIALIZATION.convertValue(template, JsonNode.class);
  }

  public static String toYaml(PodTemplateSpec template) {
    String yaml = YAML.asYaml(template);
    return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
  }
}
