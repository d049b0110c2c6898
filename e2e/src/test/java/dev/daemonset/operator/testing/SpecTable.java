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
    private static final String REQUIRED_TERM =
            "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
    private static final String NODE_AFFINITY = "spec.template.spec.affinity.nodeAffinity";
    private static final String TOLERATION = "spec.template.spec.tolerations[0]";
    private static final String LABEL_KEY_SYNTAX =
            "an optional DNS subdomain prefix of at most 253 characters and '/', "
                    + "then a name of at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
    private static final String LABEL_VALUE_PATTERN = "'^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'";
    private static final String SURGE_WITH_UNAVAILABLE = ROLLING + "maxSurge may not be set when maxUnavailable is "
            + "non-zero (an absent maxUnavailable means 1; set it to 0 to surge)";

    public record Invalid(String name, Object patch, String field, String message) {
        Invalid(String name, String patchYaml, String field, String message) {
            this(name, CrdValidator.parse(patchYaml), field, message);
        }

        /** A whole manifest rather than a patch, for what a merge patch cannot say (a null value). */
        Invalid(String name, Whole manifest, String field, String message) {
            this(name, (Object) manifest, field, message);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> manifest() {
            return patch instanceof Whole whole ? whole.manifest() : patchedBy(patch);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Whole(Map<String, Object> manifest) {}

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
                new Invalid(
                        "selector empty",
                        "{spec: {selector: {matchLabels: null}}}",
                        "spec.selector",
                        "spec.selector must not be empty: empty selector is invalid for daemonset"),
                new Invalid(
                        "selector does not match the template labels",
                        "{spec: {selector: {matchLabels: {app: other}}}}",
                        "spec.template.metadata.labels",
                        SELECTOR_MISMATCH),
                new Invalid(
                        "template without labels",
                        "{spec: {template: {metadata: null}}}",
                        "spec.template.metadata.labels",
                        SELECTOR_MISMATCH),
                new Invalid(
                        "In expression the template does not satisfy",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: In, values: [edge]}]}}}",
                        "spec.template.metadata.labels",
                        SELECTOR_MISMATCH),
                new Invalid(
                        "DoesNotExist on a template label",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}}",
                        "spec.template.metadata.labels",
                        SELECTOR_MISMATCH),
                new Invalid(
                        "unknown selector operator",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: Like, values: [node]}]}}}",
                        "spec.selector.matchExpressions",
                        "spec.selector.matchExpressions[*].operator must be one of In, NotIn, Exists, DoesNotExist"),
                new Invalid(
                        "In without values",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: In}]}}}",
                        "spec.selector.matchExpressions",
                        "spec.selector.matchExpressions[*].values must be specified when `operator` is 'In' or 'NotIn'"),
                new Invalid(
                        "Exists with values",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: Exists, values: [node]}]}}}",
                        "spec.selector.matchExpressions",
                        "spec.selector.matchExpressions[*].values may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                new Invalid(
                        "expression without key",
                        "{spec: {selector: {matchExpressions: [{operator: Exists}]}}}",
                        "spec.selector.matchExpressions",
                        "spec.selector.matchExpressions[*].key is required"),
                new Invalid(
                        "more than 64 matchLabels",
                        manyMatchLabels(65),
                        "spec.selector.matchLabels",
                        "Too many: 65: must have at most 64 properties"),
                new Invalid(
                        "selector expression value longer than 63 characters",
                        "{spec: {selector: {matchExpressions: [{key: app, operator: In, values: [agent, %s]}]}}}"
                                .formatted("a".repeat(64)),
                        "spec.selector.matchExpressions[0].values[1]",
                        "Too long: may not be more than 63 characters"),
                new Invalid(
                        "more than 64 matchExpressions",
                        Map.of(
                                "spec",
                                Map.of(
                                        "selector",
                                        Map.of(
                                                "matchExpressions",
                                                IntStream.range(0, 65)
                                                        .mapToObj(i -> Map.of("key", "tier", "operator", "Exists"))
                                                        .toList()))),
                        "spec.selector.matchExpressions",
                        "Too many: 65: must have at most 64 items"),
                new Invalid(
                        "more than 256 values in one expression",
                        Map.of(
                                "spec",
                                Map.of(
                                        "selector",
                                        Map.of(
                                                "matchExpressions",
                                                List.of(Map.of(
                                                        "key",
                                                        "tier",
                                                        "operator",
                                                        "In",
                                                        "values",
                                                        IntStream.range(0, 257)
                                                                .mapToObj(i -> i == 0 ? "node" : "v" + i)
                                                                .toList()))))),
                        "spec.selector.matchExpressions[0].values",
                        "Too many: 257: must have at most 256 items"),
                new Invalid(
                        "no containers",
                        "{spec: {template: {spec: {containers: []}}}}",
                        "spec.template.spec",
                        "spec.template.spec.containers must list at least one container"),
                new Invalid(
                        "restartPolicy OnFailure",
                        "{spec: {template: {spec: {restartPolicy: OnFailure}}}}",
                        "spec.template.spec.restartPolicy",
                        "spec.template.spec.restartPolicy must be Always (supported values: \"Always\")"),
                new Invalid(
                        "activeDeadlineSeconds",
                        "{spec: {template: {spec: {activeDeadlineSeconds: 30}}}}",
                        "spec.template.spec.activeDeadlineSeconds",
                        "spec.template.spec.activeDeadlineSeconds is not supported in a DaemonSet"),
                new Invalid(
                        "negative minReadySeconds",
                        "{spec: {minReadySeconds: -1}}",
                        "spec.minReadySeconds",
                        "Invalid value: -1: spec.minReadySeconds in body should be greater than or equal to 0"),
                new Invalid(
                        "negative revisionHistoryLimit",
                        "{spec: {revisionHistoryLimit: -3}}",
                        "spec.revisionHistoryLimit",
                        "Invalid value: -3: spec.revisionHistoryLimit in body should be greater than or equal to 0"),
                new Invalid(
                        "negative progressDeadlineSeconds",
                        "{spec: {progressDeadlineSeconds: -600}}",
                        "spec.progressDeadlineSeconds",
                        "Invalid value: -600: spec.progressDeadlineSeconds in body should be greater than or equal to 0"),
                new Invalid(
                        "unknown strategy type",
                        "{spec: {updateStrategy: {type: BlueGreen}}}",
                        "spec.updateStrategy.type",
                        "Unsupported value: \"BlueGreen\": supported values: \"OnDelete\", \"RollingUpdate\""),
                new Invalid(
                        "negative maxUnavailable",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: -1}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable must be greater than or equal to 0"),
                new Invalid(
                        "maxUnavailable over 100%",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 150%}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable must not be greater than 100%"),
                new Invalid(
                        "maxUnavailable not a number",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: ten}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable must be an integer or a percentage such as '25%'"),
                new Invalid(
                        "negative maxSurge",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: -2}}}}",
                        ROLLING + "maxSurge",
                        ROLLING + "maxSurge must be greater than or equal to 0"),
                new Invalid(
                        "maxSurge over 100%",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 101%}}}}",
                        ROLLING + "maxSurge",
                        ROLLING + "maxSurge must not be greater than 100%"),
                new Invalid(
                        "maxSurge a fraction",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1.5%}}}}",
                        ROLLING + "maxSurge",
                        ROLLING + "maxSurge must be an integer or a percentage such as '25%'"),
                new Invalid(
                        "negative partition",
                        "{spec: {updateStrategy: {rollingUpdate: {partition: -1}}}}",
                        ROLLING + "partition",
                        ROLLING + "partition must be greater than or equal to 0"),
                new Invalid(
                        "partition over 100%",
                        "{spec: {updateStrategy: {rollingUpdate: {partition: 120%}}}}",
                        ROLLING + "partition",
                        ROLLING + "partition must not be greater than 100%"),
                new Invalid(
                        "maxUnavailable and maxSurge both zero",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 0%}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable may not be 0 when maxSurge is 0"),
                new Invalid(
                        "maxUnavailable zero and maxSurge absent",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0%}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable may not be 0 when maxSurge is 0"),
                new Invalid(
                        "maxUnavailable and maxSurge both non-zero",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}}}",
                        ROLLING + "maxSurge",
                        SURGE_WITH_UNAVAILABLE),
                new Invalid(
                        "maxSurge with maxUnavailable absent (it defaults to 1)",
                        "{spec: {updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%}}}}",
                        ROLLING + "maxSurge",
                        SURGE_WITH_UNAVAILABLE),
                // Numbers the Java model cannot hold: stored, they would stop the operator's informer.
                new Invalid(
                        "minReadySeconds beyond int32",
                        "{spec: {minReadySeconds: 3000000000}}",
                        "spec.minReadySeconds",
                        "Invalid value: 3000000000: spec.minReadySeconds in body should be less than or equal to 2147483647"),
                new Invalid(
                        "revisionHistoryLimit beyond int32",
                        "{spec: {revisionHistoryLimit: 2147483648}}",
                        "spec.revisionHistoryLimit",
                        "Invalid value: 2147483648: spec.revisionHistoryLimit in body should be less than or equal to 2147483647"),
                new Invalid(
                        "progressDeadlineSeconds beyond int32",
                        "{spec: {progressDeadlineSeconds: 9999999999}}",
                        "spec.progressDeadlineSeconds",
                        "Invalid value: 9999999999: spec.progressDeadlineSeconds in body should be less than or equal to 2147483647"),
                new Invalid(
                        "maxUnavailable beyond int32",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}}}",
                        ROLLING + "maxUnavailable",
                        ROLLING + "maxUnavailable must be less than or equal to 2147483647"),
                new Invalid(
                        "maxSurge beyond int32",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 3000000000}}}}",
                        ROLLING + "maxSurge",
                        ROLLING + "maxSurge must be less than or equal to 2147483647"),
                new Invalid(
                        "partition beyond int32",
                        "{spec: {updateStrategy: {rollingUpdate: {partition: 3000000000}}}}",
                        ROLLING + "partition",
                        ROLLING + "partition must be less than or equal to 2147483647"),
                new Invalid(
                        "minReadySeconds a string",
                        "{spec: {minReadySeconds: '10'}}",
                        "spec.minReadySeconds",
                        "Invalid value: \"string\": spec.minReadySeconds in body must be of type integer: \"string\""),
                // Placement typos: the planner would read them as "matches no node" or "tolerates nothing".
                new Invalid(
                        "node affinity operator in (lower case)",
                        requiredExpression("{key: kubernetes.io/os, operator: in, values: [linux]}"),
                        REQUIRED_TERM + ".matchExpressions[0].operator",
                        "Unsupported value: \"in\": supported values: \"DoesNotExist\", \"Exists\", \"Gt\", \"In\", \"Lt\", \"NotIn\""),
                new Invalid(
                        "node affinity Exists with values",
                        requiredExpression("{key: gpu, operator: Exists, values: [nvidia]}"),
                        REQUIRED_TERM + ".matchExpressions[0].values",
                        NODE_AFFINITY
                                + " match expression values may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                new Invalid(
                        "node affinity In without values",
                        requiredExpression("{key: kubernetes.io/os, operator: In}"),
                        REQUIRED_TERM + ".matchExpressions[0].values",
                        NODE_AFFINITY
                                + " match expression values must be specified when `operator` is 'In' or 'NotIn'"),
                new Invalid(
                        "node affinity Gt with two values",
                        requiredExpression("{key: cpu-count, operator: Gt, values: ['4', '8']}"),
                        REQUIRED_TERM + ".matchExpressions[0].values",
                        NODE_AFFINITY + " match expression values must be one integer when `operator` is 'Gt' or 'Lt'"),
                new Invalid(
                        "node affinity Lt with a value that is no integer",
                        requiredExpression("{key: cpu-count, operator: Lt, values: [8cpu]}"),
                        REQUIRED_TERM + ".matchExpressions[0].values",
                        NODE_AFFINITY + " match expression values must be one integer when `operator` is 'Gt' or 'Lt'"),
                new Invalid(
                        "node affinity Gt beyond int64",
                        requiredExpression("{key: cpu-count, operator: Gt, values: ['9223372036854775808']}"),
                        REQUIRED_TERM + ".matchExpressions[0].values",
                        NODE_AFFINITY + " match expression values must be one integer when `operator` is 'Gt' or 'Lt'"),
                new Invalid(
                        "node affinity key not a label key",
                        requiredExpression("{key: 'Example.com/disk', operator: Exists}"),
                        REQUIRED_TERM + ".matchExpressions[0].key",
                        NODE_AFFINITY + " match expression key must be a valid label key: " + LABEL_KEY_SYNTAX),
                new Invalid(
                        "node affinity expression without operator",
                        requiredExpression("{key: disk}"),
                        REQUIRED_TERM + ".matchExpressions[0].operator",
                        "Required value"),
                new Invalid(
                        "node affinity value longer than 63 characters",
                        requiredExpression("{key: zone, operator: In, values: [a, %s]}".formatted("z".repeat(64))),
                        REQUIRED_TERM + ".matchExpressions[0].values[1]",
                        "Too long: may not be more than 63 characters"),
                new Invalid(
                        "matchFields on a field other than metadata.name",
                        requiredField("{key: spec.nodeName, operator: In, values: [node-1]}"),
                        REQUIRED_TERM + ".matchFields[0].key",
                        "Unsupported value: \"spec.nodeName\": supported values: \"metadata.name\""),
                new Invalid(
                        "matchFields with Exists",
                        requiredField("{key: metadata.name, operator: Exists, values: [node-1]}"),
                        REQUIRED_TERM + ".matchFields[0].operator",
                        "Unsupported value: \"Exists\": supported values: \"In\", \"NotIn\""),
                new Invalid(
                        "matchFields with two node names",
                        requiredField("{key: metadata.name, operator: In, values: [node-1, node-2]}"),
                        REQUIRED_TERM + ".matchFields[0].values",
                        NODE_AFFINITY + " match field values must be exactly one node name"),
                new Invalid(
                        "preferred node affinity operator typo",
                        """
            {spec: {template: {spec: {affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [
              {weight: 10, preference: {matchExpressions: [{key: disk, operator: Exist}]}}]}}}}}}""",
                        NODE_AFFINITY
                                + ".preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator",
                        "Unsupported value: \"Exist\": supported values: \"DoesNotExist\", \"Exists\", \"Gt\", \"In\", \"Lt\", \"NotIn\""),
                new Invalid(
                        "toleration operator exists (lower case)",
                        toleration("{key: CriticalAddonsOnly, operator: exists}"),
                        TOLERATION + ".operator",
                        "Unsupported value: \"exists\": supported values: \"\", \"Equal\", \"Exists\""),
                new Invalid(
                        "toleration effect Noexecute",
                        toleration("{operator: Exists, effect: Noexecute}"),
                        TOLERATION + ".effect",
                        "Unsupported value: \"Noexecute\": supported values: \"\", \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\""),
                new Invalid(
                        "Exists toleration with a value",
                        toleration("{key: dedicated, operator: Exists, value: gpu}"),
                        TOLERATION + ".operator",
                        "spec.template.spec.tolerations[*].value must be empty when `operator` is 'Exists'"),
                new Invalid(
                        "toleration without key and operator Equal",
                        toleration("{operator: Equal, value: gpu}"),
                        TOLERATION + ".operator",
                        "spec.template.spec.tolerations[*].operator must be Exists when `key` is empty, "
                                + "which means \"match all values and all keys\""),
                new Invalid(
                        "toleration key not a label key",
                        toleration("{key: 'node role', operator: Exists}"),
                        TOLERATION + ".key",
                        "spec.template.spec.tolerations[*].key must be a valid label key: " + LABEL_KEY_SYNTAX),
                new Invalid(
                        "tolerationSeconds with effect NoSchedule",
                        toleration(
                                "{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule, tolerationSeconds: 300}"),
                        TOLERATION + ".effect",
                        "spec.template.spec.tolerations[*].effect must be 'NoExecute' when `tolerationSeconds` is set"),
                new Invalid(
                        "toleration value not a label value",
                        toleration("{key: dedicated, operator: Equal, value: 'gpu nodes'}"),
                        TOLERATION + ".value",
                        "Invalid value: \"gpu nodes\": " + TOLERATION + ".value in body should match "
                                + LABEL_VALUE_PATTERN),
                // Label syntax.
                new Invalid(
                        "nodeSelector key not a label key",
                        "{spec: {template: {spec: {nodeSelector: {'Kubernetes.io/os': linux}}}}}",
                        "spec.template.spec.nodeSelector",
                        "spec.template.spec.nodeSelector keys must be valid label keys: " + LABEL_KEY_SYNTAX),
                new Invalid(
                        "nodeSelector value not a label value",
                        "{spec: {template: {spec: {nodeSelector: {disktype: 'ssd fast'}}}}}",
                        "spec.template.spec.nodeSelector[disktype]",
                        "Invalid value: \"ssd fast\": spec.template.spec.nodeSelector[disktype]"
                                + " in body should match " + LABEL_VALUE_PATTERN),
                new Invalid(
                        "template label key with an empty name",
                        "{spec: {template: {metadata: {labels: {'example.com/': x}}}}}",
                        "spec.template.metadata.labels",
                        "spec.template.metadata.labels keys must be valid label keys: " + LABEL_KEY_SYNTAX),
                new Invalid(
                        "template label value not a label value",
                        "{spec: {template: {metadata: {labels: {tier: 'node!'}}}}}",
                        "spec.template.metadata.labels[tier]",
                        "Invalid value: \"node!\": spec.template.metadata.labels[tier]" + " in body should match "
                                + LABEL_VALUE_PATTERN),
                new Invalid(
                        "selector expression key not a label key",
                        "{spec: {selector: {matchExpressions: [{key: -gpu, operator: DoesNotExist}]}}}",
                        "spec.selector.matchExpressions",
                        "spec.selector.matchExpressions[*].key must be a valid label key: " + LABEL_KEY_SYNTAX),
                new Invalid(
                        "selector expression value not a label value",
                        "{spec: {selector: {matchExpressions: [{key: tier, operator: NotIn, values: ['edge node']}]}}}",
                        "spec.selector.matchExpressions[0].values[0]",
                        "Invalid value: \"edge node\": spec.selector.matchExpressions[0].values[0]"
                                + " in body should match " + LABEL_VALUE_PATTERN),
                new Invalid(
                        "null selector label value",
                        new Whole(nullSelectorValue()),
                        "spec.selector",
                        "spec.selector must not be empty: empty selector is invalid for daemonset"),
                // Container names.
                new Invalid(
                        "duplicate container names",
                        "{spec: {template: {spec: {containers: [{name: agent, image: a}, {name: agent, image: b}]}}}}",
                        "spec.template.spec.containers",
                        "spec.template.spec.containers[*].name must be unique across containers and initContainers"),
                new Invalid(
                        "init container named like a container",
                        "{spec: {template: {spec: {initContainers: [{name: agent, image: i}]}}}}",
                        "spec.template.spec.containers",
                        "spec.template.spec.containers[*].name must be unique across containers and initContainers"),
                new Invalid(
                        "duplicate init container names",
                        "{spec: {template: {spec: {initContainers: [{name: install-cni, image: a}, {name: install-cni, image: b}]}}}}",
                        "spec.template.spec.initContainers",
                        "spec.template.spec.initContainers[*].name must be unique across containers and initContainers"),
                new Invalid(
                        "uppercase container name",
                        "{spec: {template: {spec: {containers: [{name: Agent, image: a}]}}}}",
                        "spec.template.spec.containers[0].name",
                        "Invalid value: \"Agent\": spec.template.spec.containers[0].name"
                                + " in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
                new Invalid(
                        "container name longer than 63 characters",
                        "{spec: {template: {spec: {containers: [{name: %s, image: a}]}}}}".formatted("a".repeat(64)),
                        "spec.template.spec.containers[0].name",
                        "Too long: may not be more than 63 characters"),
                new Invalid(
                        "more than 128 tolerations",
                        Map.of(
                                "spec",
                                Map.of(
                                        "template",
                                        Map.of(
                                                "spec",
                                                Map.of(
                                                        "tolerations",
                                                        IntStream.range(0, 129)
                                                                .mapToObj(i -> Map.of(
                                                                        "key", "taint-" + i, "operator", "Exists"))
                                                                .toList())))),
                        "spec.template.spec.tolerations",
                        "Too many: 129: must have at most 128 items"),
                // Wrong JSON types: the schema refuses them; stored anyway, the Java model cannot hold them.
                new Invalid(
                        "maxUnavailable a list",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: [1]}}}}",
                        ROLLING + "maxUnavailable",
                        typeError(ROLLING + "maxUnavailable", "array", "integer,string")),
                new Invalid(
                        "maxSurge a fraction",
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1.5}}}}",
                        ROLLING + "maxSurge",
                        typeError(ROLLING + "maxSurge", "number", "integer,string")),
                new Invalid(
                        "rollingUpdate a list where an object belongs",
                        "{spec: {updateStrategy: {rollingUpdate: [{maxSurge: 1}]}}}",
                        "spec.updateStrategy.rollingUpdate",
                        typeError("spec.updateStrategy.rollingUpdate", "array", "object")),
                new Invalid(
                        "paused a string",
                        "{spec: {updateStrategy: {rollingUpdate: {paused: 'true'}}}}",
                        ROLLING + "paused",
                        typeError(ROLLING + "paused", "string", "boolean")),
                new Invalid(
                        "revisionHistoryLimit beyond int64",
                        Map.of(
                                "spec",
                                Map.of("revisionHistoryLimit", new java.math.BigInteger("99999999999999999999"))),
                        "spec.revisionHistoryLimit",
                        typeError("spec.revisionHistoryLimit", "number", "integer")),
                new Invalid(
                        "template a string",
                        "{spec: {template: oops}}",
                        "spec.template",
                        typeError("spec.template", "string", "object")),
                new Invalid(
                        "containers an object where a list belongs",
                        "{spec: {template: {spec: {containers: {name: agent}}}}}",
                        "spec.template.spec.containers",
                        typeError("spec.template.spec.containers", "object", "array")),
                new Invalid(
                        "containerPort a string",
                        "{spec: {template: {spec: {containers: [{name: agent, "
                                + "image: 'registry.example/agent:1.0', ports: [{containerPort: metrics}]}]}}}}",
                        "spec.template.spec.containers[0].ports[0].containerPort",
                        typeError("spec.template.spec.containers[0].ports[0].containerPort", "string", "integer")),
                new Invalid(
                        "tolerationSeconds a string",
                        "{spec: {template: {spec: {tolerations: [{key: node.kubernetes.io/"
                                + "unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: '300'}]}}}}",
                        "spec.template.spec.tolerations[0].tolerationSeconds",
                        typeError("spec.template.spec.tolerations[0].tolerationSeconds", "string", "integer")));
    }

    /** The API server's words for a value of the wrong JSON type. */
    private static String typeError(String field, String actual, String expected) {
        return "Invalid value: \"" + actual + "\": " + field + " in body must be of type " + expected + ": \"" + actual
                + "\"";
    }

    public static Stream<Valid> valid() {
        return Stream.of(
                new Valid("minimal manifest", base()),
                new Valid("typical node-exporter manifest", resource("/manifests/node-exporter.yaml")),
                new Valid("the operator's own test fixture", CrdValidator.toTree(Fixtures.daemonSet("agent"))),
                new Valid(
                        "surge with maxUnavailable 0",
                        patched(
                                "{spec: {updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 25%}}}}")),
                new Valid(
                        "maxUnavailable 100%",
                        patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 100%}}}}")),
                new Valid(
                        "maxUnavailable with leading zeros",
                        patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 050%}}}}")),
                new Valid(
                        "maxSurge 100% with maxUnavailable 0%",
                        patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0%, maxSurge: 100%}}}}")),
                new Valid(
                        "explicit maxUnavailable with maxSurge 0",
                        patched("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3, maxSurge: 0}}}}")),
                new Valid(
                        "OnDelete ignores the rollingUpdate pair, as apps/v1 does",
                        patched(
                                "{spec: {updateStrategy: {type: OnDelete, rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}}}")),
                new Valid("every selector operator, satisfied", patched("""
            {spec: {selector: {matchExpressions: [
              {key: tier, operator: In, values: [node, edge]}, {key: tier, operator: NotIn, values: [edge]},
              {key: app, operator: Exists}, {key: gpu, operator: DoesNotExist}]}}}""")),
                new Valid(
                        "restartPolicy Always and zero counters",
                        patched("{spec: {minReadySeconds: 0, revisionHistoryLimit: 0, progressDeadlineSeconds: 0,"
                                + " template: {spec: {restartPolicy: Always}}}}")),
                new Valid("64 matchLabels, all on the template", patchedBy(manyMatchLabels(64))),
                new Valid("typical kube-proxy manifest", resource("/manifests/kube-proxy.yaml")),
                new Valid("typical calico-node manifest", resource("/manifests/calico-node.yaml")),
                new Valid(
                        "int32 maxima",
                        patched("{spec: {minReadySeconds: 2147483647, revisionHistoryLimit: 2147483647,"
                                + " progressDeadlineSeconds: 2147483647, updateStrategy: {rollingUpdate: {maxUnavailable: 2147483647,"
                                + " partition: 2147483647}}}}")),
                new Valid("every node affinity operator, and matchFields", patched("""
            {spec: {template: {spec: {affinity: {nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                {matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]},
                  {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist},
                  {key: example.com/cpus, operator: Gt, values: ['-9223372036854775808']},
                  {key: example.com/cpus, operator: Lt, values: ['+9223372036854775807']}]},
                {matchFields: [{key: metadata.name, operator: NotIn, values: [node-7]}]}]},
              preferredDuringSchedulingIgnoredDuringExecution: [
                {weight: 1, preference: {matchExpressions: [{key: disk, operator: NotIn, values: [hdd]},
                  {key: gpu, operator: Exists}]}}]}}}}}}""")),
                new Valid("tolerations as upstream accepts them", patched("""
            {spec: {template: {spec: {tolerations: [
              {operator: Exists},
              {key: CriticalAddonsOnly, operator: Exists},
              {key: dedicated, operator: '', value: '', effect: ''},
              {key: dedicated, value: monitoring, effect: PreferNoSchedule},
              {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]}}}}""")));
    }

    private static String requiredExpression(String expression) {
        return "{spec: {template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                + " {nodeSelectorTerms: [{matchExpressions: [" + expression + "]}]}}}}}}}";
    }

    private static String requiredField(String requirement) {
        return "{spec: {template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                + " {nodeSelectorTerms: [{matchFields: [" + requirement + "]}]}}}}}}}";
    }

    private static String toleration(String toleration) {
        return "{spec: {template: {spec: {tolerations: [" + toleration + "]}}}}";
    }

    /** {@code matchLabels: {app: null}}, which a merge patch would read as "remove app". */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nullSelectorValue() {
        Map<String, Object> manifest = base();
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app", null);
        ((Map<String, Object>) ((Map<String, Object>) manifest.get("spec")).get("selector")).put("matchLabels", labels);
        return manifest;
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
        return Map.of(
                "spec",
                Map.of(
                        "selector", Map.of("matchLabels", labels),
                        "template", Map.of("metadata", Map.of("labels", labels))));
    }

    private static Map<String, Object> longLabelValue(int length) {
        String value = "a".repeat(length);
        return Map.of(
                "spec",
                Map.of(
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
