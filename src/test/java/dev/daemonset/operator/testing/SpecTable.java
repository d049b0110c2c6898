package dev.daemonset.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * DaemonSet manifests that must be rejected, each with the one field and message the CRD reports, and
 * manifests that must be accepted. Both validation layers run the same table: the CRD's rules (with a
 * real CEL implementation) and the controller's own {@code SpecValidator}. Rows are JSON merge patches
 * on a minimal valid manifest, so each shows only what it breaks.
 */
public final class SpecTable {
  private static final String BASE = """
      apiVersion: daemonset.dev/v1alpha1
      kind: DaemonSet
      metadata: {name: agent, namespace: default}
      spec:
        selector:
          matchLabels: {app: agent}
        template:
          metadata:
            labels: {app: agent, tier: node}
          spec:
            containers:
            - {name: agent, image: "registry.example/agent:1.0"}
      """;
  private static final String ROLLING = "spec.updateStrategy.rollingUpdate.";
  private static final String SELECTOR_MISMATCH =
      "spec.template.metadata.labels must match spec.selector (`selector` does not match template `labels`)";
  private static final String SURGE_WITH_UNAVAILABLE = ROLLING + "maxSurge may not be set when maxUnavailable is "
      + "non-zero (an absent maxUnavailable means 1; set it to 0 to surge)";

  public record Invalid(String name, Object patch, String field, String message) {
    Invalid(String name, String patchYaml, String field, String message) {
      this(name, CrdValidator.parse(patchYaml), field, message);
    }

    public Map<String, Object> manifest() {
      return patchedBy(patch);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public record Valid(String name, Map<String, Object> manifest) {
    @Override
    public String toString() {
      return name;
    }
  }

  private SpecTable() {}

  public static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid("selector missing", "{spec: {selector: null}}", "spec.selector", "Required value"),
        new Invalid("selector empty", "{spec: {selector: {matchLabels: null}}}",
            "spec.selector", "spec.selector must not be empty: empty selector is invalid for daemonset"),
        new Invalid("selector does not match the template labels", "{spec: {selector: {matchLabels: {app: other}}}}",
            "spec.template.metadata.labels", SELECTOR_MISMATCH),
        new Invalid("template without labels", "{spec: {template: {metadata: null}}}",
            "spec.template.metadata.labels", SELECTOR_MISMATCH),
        new Invalid("In expression the template does not satisfy",
            "{spec: {selector: {matchExpressions: [{key: tier, operator: In, values: [edge]}]}}}",
            "spec.template.metadata.labels", SELECTOR_MISMATCH),
        new Invalid("DoesNotExist on a template label",
            "{spec: {selector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}}",
            "spec.template.metadata.labels", SELECTOR_MISMATCH),
        new Invalid("unknown selector operator",
            "{spec: {selector: {matchExpressions: [{key: tier, operator: Like, values: [node]}]}}}",
            "spec.selector.matchExpressions",
            "spec.selector.matchExpressions[*].operator must be one of In, NotIn, Exists, DoesNotExist"),
        new Invalid("In without values", "{spec: {selector: {matchExpressions: [{key: tier, operator: In}]}}}",
            "spec.selector.matchExpressions",
            "spec.selector.matchExpressions[*].values must be specified when `operator` is 'In' or 'NotIn'"),
        new Invalid("Exists with values",
            "{spec: {selector: {matchExpressions: [{key: tier, operator: Exists, values: [node]}]}}}",
            "spec.selector.matchExpressions",
            "spec.selector.matchExpressions[*].values may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        new Invalid("expression without key", "{spec: {selector: {matchExpressions: [{operator: Exists}]}}}",
            "spec.selector.matchExpressions", "spec.selector.matchExpressions[*].key is required"),
        new Invalid("more than 64 matchLabels", manyMatchLabels(65),
            "spec.selector.matchLabels", "Too many: 65: must have at most 64 properties"),
        new Invalid("selector label value longer than 63 characters", longLabelValue(64),
            "spec.selector.matchLabels[app]", "Too long: may not be more than 63 characters"),
        new Invalid("more than 64 matchExpressions", Map.of("spec", Map.of("selector", Map.of("matchExpressions",
                IntStream.range(0, 65).mapToObj(i -> Map.of("key", "tier", "operator", "Exists")).toList()))),
            "spec.selector.matchExpressions", "Too many: 65: must have at most 64 items"),
        new Invalid("more than 256 values in one expression", Map.of("spec", Map.of("selector", Map.of("matchExpressions",
                List.of(Map.of("key", "tier", "operator", "In", "values",
                    IntStream.range(0, 257).mapToObj(i -> i == 0 ? "node" : "v" + i).toList()))))),
            "spec.selector.matchExpressions[0].values", "Too many: 257: must have at most 256 items"),
        new Invalid("no containers", "{spec: {template: {spec: {containers: []}}}}",
            "spec.template.spec", "spec.template.spec.containers must list at least one container"),
        new Invalid("restartPolicy OnFailure", "{spec: {template: {spec: {restartPolicy: OnFailure}}}}",
            "spec.template.spec.restartPolicy", "spec.template.spec.restartPolicy must be Always (supported values: \"Always\")"),
        new Invalid("activeDeadlineSeconds", "{spec: {template: {spec: {activeDeadlineSeconds: 30}}}}",
            "spec.template.spec.activeDeadlineSeconds",
            "spec.template.spec.activeDeadlineSeconds is not supported in a DaemonSet"),
        new Invalid("negative minReadySeconds", "{spec: {minReadySeconds: -1}}",
            "spec.minReadySeconds", "Invalid value: -1: spec.minReadySeconds in body should be greater than or equal to 0"),
        new Invalid("negative revisionHistoryLimit", "{spec: {revisionHistoryLimit: -3}}",
            "spec.revisionHistoryLimit",
            "Invalid value: -3: spec.revisionHistoryLimit in body should be greater than or equal to 0"),
        new Invalid("negative progressDeadlineSeconds", "{spec: {progressDeadlineSeconds: -600}}",
            "spec.progressDeadlineSeconds",
            "Invalid value: -600: spec.progressDeadlineSeconds in body should be greater than or equal to 0"),
        new Invalid("unknown strategy type", "{spec: {updateStrategy: {type: BlueGreen}}}",
            "spec.updateStrategy.type", "Unsupported value: \"BlueGreen\": supported values: \"OnDelete\", \"RollingUpdate\""),
        new Invalid("negative maxUnavailable", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: -1}}}}",
            ROLLING + "maxUnavailable", ROLLING + "maxUnavailable must be greater than or equal to 0"),
        new Invalid("maxUnavailable over 100%", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 150%}}}}",
            ROLLING + "maxUnavailable", ROLLING + "maxUnavailable must not be greater than 100%"),
        new Invalid("maxUnavailable not a number", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: ten}}}}",
            ROLLING + "maxUnavailable", ROLLING + "maxUnavailable must be an integer or a percentage such as '25%'"),
        new Invalid("negative maxSurge", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: -2}}}}",
            ROLLING + "maxSurge", ROLLING + "maxSurge must be greater than or equal to 0"),
        new Invalid("maxSurge over 100%", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 101%}}}}",
            ROLLING + "maxSurge", ROLLING + "maxSurge must not be greater than 100%"),
        new Invalid("maxSurge a fraction", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1.5%}}}}",
            ROLLING + "maxSurge", ROLLING + "maxSurge must be an integer or a percentage such as '25%'"),
        new Invalid("negative partition", "{spec: {updateStrategy: {rollingUpdate: {partition: -1}}}}",
            ROLLING + "partition", ROLLING + "partition must be greater than or equal to 0"),
        new Invalid("partition over 100%", "{spec: {updateStrategy: {rollingUpdate: {partition: 120%}}}}",
            ROLLING + "partition", ROLLING + "partition must not be greater than 100%"),
        new Invalid("maxUnavailable and maxSurge both zero",
            "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 0%}}}}",
            ROLLING + "maxUnavailable", ROLLING + "maxUnavailable may not be 0 when maxSurge is 0"),
        new Invalid("maxUnavailable zero and maxSurge absent", "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0%}}}}",
            ROLLING + "maxUnavailable", ROLLING + "maxUnavailable may not be 0 when maxSurge is 0"),
        new Invalid("maxUnavailable and maxSurge both non-zero",
            "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}}}",
            ROLLING + "maxSurge", SURGE_WITH_UNAVAILABLE),
        new Invalid("maxSurge with maxUnavailable absent (it defaults to 1)",
            "{spec: {updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%}}}}",
            ROLLING + "maxSurge", SURGE_WITH_UNAVAILABLE));
  }

  public static Stream<Valid> valid() {
    return Stream.of(
        new Valid("minimal manifest", base()),
        new Valid("typical node-exporter manifest", resource("/manifests/node-exporter.yaml")),
        new Valid("the operator's own test fixture", CrdValidator.toTree(Fixtures.daemonSet("agent"))),
        new Valid("surge with maxUnavailable 0",
            patched("{spec: {updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 25%}}}}")),
        new Valid("maxUnavailable 100%", patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 100%}}}}")),
        new Valid("maxUnavailable with leading zeros", patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 050%}}}}")),
        new Valid("maxSurge 100% with maxUnavailable 0%",
            patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0%, maxSurge: 100%}}}}")),
        new Valid("explicit maxUnavailable with maxSurge 0",
            patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3, maxSurge: 0}}}}")),
        new Valid("OnDelete ignores the rollingUpdate pair, as apps/v1 does",
            patched("{spec: {updateStrategy: {type: OnDelete, rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}}}")),
        new Valid("every selector operator, satisfied", patched("""
            {spec: {selector: {matchExpressions: [
              {key: tier, operator: In, values: [node, edge]}, {key: tier, operator: NotIn, values: [edge]},
              {key: app, operator: Exists}, {key: gpu, operator: DoesNotExist}]}}}""")),
        new Valid("restartPolicy Always and zero counters", patched(
            "{spec: {minReadySeconds: 0, revisionHistoryLimit: 0, progressDeadlineSeconds: 0,"
                + " template: {spec: {restartPolicy: Always}}}}")),
        new Valid("64 matchLabels, all on the template", patchedBy(manyMatchLabels(64))));
  }

  public static Map<String, Object> base() {
    return CrdValidator.parse(BASE);
  }

  public static Map<String, Object> patched(String patchYaml) {
    return patchedBy(CrdValidator.parse(patchYaml));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> patchedBy(Object patch) {
    return (Map<String, Object>) MergePatch.apply(base(), patch);
  }

  /** n selector labels (the base's app label and more), all on the template so that only the count can be wrong. */
  private static Map<String, Object> manyMatchLabels(int n) {
    Map<String, Object> labels = new LinkedHashMap<>();
    IntStream.range(1, n).forEach(i -> labels.put("label-" + i, "v"));
    return Map.of("spec", Map.of(
        "selector", Map.of("matchLabels", labels),
        "template", Map.of("metadata", Map.of("labels", labels))));
  }

  private static Map<String, Object> longLabelValue(int length) {
    String value = "a".repeat(length);
    return Map.of("spec", Map.of(
        "selector", Map.of("matchLabels", Map.of("app", value)),
        "template", Map.of("metadata", Map.of("labels", Map.of("app", value)))));
  }

  private static Map<String, Object> resource(String name) {
    try (InputStream in = Objects.requireNonNull(SpecTable.class.getResourceAsStream(name), name)) {
      return CrdValidator.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
