package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.daemonset.operator.testing.CrdValidator;
import dev.daemonset.operator.testing.SpecTable;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl apply} of DaemonSets against the sandbox, as a user meets it: a bad spec is refused by
 * the API server with the field named (as on a cluster with the CRD), a good one is stored, and with
 * {@code --skip-validation} the bad one is stored too.
 */
@Timeout(120)
class KubectlValidationEndToEndTest {
    @TempDir
    static Path tmp;

    private static Sandbox validating;
    private static Sandbox skipping;
    private static Kubectl kubectl;
    private static Kubectl kubectlSkipping;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH (install kubectl 1.32)")
                .isNotNull();
        SandboxOptions options = new SandboxOptions(1, 0, null, Duration.ofMillis(300), false);
        validating = Sandbox.start(options);
        skipping = Sandbox.start(options.withSkipValidation(true));
        kubectl = new Kubectl(validating.kubeconfig(), tmp.resolve("cache-validating"));
        kubectlSkipping = new Kubectl(skipping.kubeconfig(), tmp.resolve("cache-skipping"));
    }

    @AfterAll
    static void stop() {
        for (Sandbox s : new Sandbox[] {validating, skipping}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aValidManifestIsAccepted() {
        Kubectl.Result result = kubectl.runWithInput(manifest("good", "minReadySeconds: 5"), "apply", "-f", "-");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("daemonset.daemonset.dev/good created");
    }

    @Test
    void aStringWhereTheSchemaWantsAnIntegerIsRefused() {
        Kubectl.Result result =
                kubectl.runWithInput(manifest("wrong-type", "minReadySeconds: \"5\""), "apply", "-f", "-");

        assertThat(result.exitCode()).isOne();
        assertThat(result.err())
                .isEqualTo("The DaemonSet \"wrong-type\" is invalid: \n"
                        + "* spec.minReadySeconds: Invalid value: \"string\": spec.minReadySeconds in body must be of type integer: \"string\"\n"
                        + "* <nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; "
                        + "correct the existing errors to complete validation\n");
        assertThat(kubectl.run("get", "dds", "wrong-type").exitCode())
                .as("nothing stored")
                .isOne();
    }

    @Test
    void aStrategyTypeInTheWrongCaseIsRefused() {
        Kubectl.Result result = kubectl.runWithInput(
                manifest("wrong-case", "updateStrategy: {type: Rollingupdate}"), "apply", "-f", "-");

        assertThat(result.exitCode()).isOne();
        assertThat(result.err())
                .startsWith(
                        "The DaemonSet \"wrong-case\" is invalid: \n"
                                + "* spec.updateStrategy.type: Unsupported value: \"Rollingupdate\": supported values: \"OnDelete\", \"RollingUpdate\"\n");
    }

    @Test
    void aCelRuleRefusesAnUpdateOfAStoredDaemonSet() {
        kubectl.runWithInput(manifest("surge", ""), "apply", "-f", "-").assertOk();

        Kubectl.Result result = kubectl.runWithInput(
                manifest("surge", "updateStrategy: {rollingUpdate: {maxSurge: 1}}"), "apply", "-f", "-");

        assertThat(result.exitCode()).isOne();
        assertThat(result.err())
                .isEqualTo("The DaemonSet \"surge\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: "
                        + "Invalid value: \"object\": spec.updateStrategy.rollingUpdate.maxSurge may not be set when maxUnavailable is "
                        + "non-zero (an absent maxUnavailable means 1; set it to 0 to surge)\n");
    }

    @Test
    void aSelectorChangeIsRefusedAsAppsV1RefusesItAndTheStoredSelectorStays() {
        kubectl.runWithInput(manifest("pinned", ""), "apply", "-f", "-").assertOk();

        Kubectl.Result result = kubectl.runWithInput(
                manifest("pinned", "").replace("{app: pinned}", "{app: pinned, tier: node}"), "apply", "-f", "-");

        assertThat(result.exitCode()).isOne();
        assertThat(result.err())
                .isEqualTo("The DaemonSet \"pinned\" is invalid: spec.selector: Invalid value: \"object\": "
                        + "field is immutable\n");
        assertThat(kubectl.run("get", "dds", "pinned", "-o", "jsonpath={.spec.selector.matchLabels}")
                        .assertOk()
                        .out())
                .isEqualTo("{\"app\":\"pinned\"}");
        kubectlSkipping.runWithInput(manifest("pinned", ""), "apply", "-f", "-").assertOk();
        kubectlSkipping
                .runWithInput(
                        manifest("pinned", "").replace("{app: pinned}", "{app: pinned, tier: node}"),
                        "apply",
                        "-f",
                        "-")
                .assertOk();
    }

    @Test
    void anUnknownFieldIsRefusedUnderStrictFieldValidationAndDroppedOtherwise() {
        Kubectl.Result strict = kubectl.runWithInput(manifest("typo", "minReadySecond: 5"), "apply", "-f", "-");
        assertThat(strict.exitCode()).isOne();
        assertThat(strict.err()).contains("unknown field \"spec.minReadySecond\"");

        kubectl.runWithInput(manifest("typo", "minReadySecond: 5"), "apply", "--validate=false", "-f", "-")
                .assertOk();
        assertThat(kubectl.run("get", "dds", "typo", "-o", "jsonpath={.spec}")
                        .assertOk()
                        .out())
                .doesNotContain("minReadySecond");
    }

    /** The int-or-string fields are bounded by the CRD's CEL rules, which this test exercises once the CRD has them. */
    @Test
    void aMaxUnavailableBeyondInt32IsRefusedNamingTheField() {
        assumeTrue(
                !CrdValidator.ofGeneratedCrd()
                        .validateCreate(SpecTable.patched(
                                "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}}}"))
                        .isEmpty(),
                "the generated CRD does not bound maxUnavailable to int32 yet");
        Kubectl.Result result = kubectl.runWithInput(
                manifest("huge", "updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}"), "apply", "-f", "-");

        assertThat(result.exitCode()).as(result.out()).isOne();
        assertThat(result.err())
                .startsWith("The DaemonSet \"huge\" is invalid: ")
                .contains("spec.updateStrategy.rollingUpdate.maxUnavailable: ");
    }

    @Test
    void withSkipValidationTheBadManifestIsStoredAsSent() {
        Kubectl.Result result = kubectlSkipping.runWithInput(
                manifest(
                        "poison",
                        "minReadySeconds: \"5\"\n  updateStrategy: {type: Rollingupdate, rollingUpdate: {maxUnavailable: 3000000000}}"),
                "apply",
                "-f",
                "-");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(kubectlSkipping
                        .run(
                                "get",
                                "dds",
                                "poison",
                                "-o",
                                "jsonpath={.spec.minReadySeconds} {.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.maxUnavailable}")
                        .assertOk()
                        .out())
                .isEqualTo("5 Rollingupdate 3000000000");
    }

    /** A node agent DaemonSet with {@code specExtra} (YAML at the level of spec's fields) added to its spec. */
    private static String manifest(String name, String specExtra) {
        return """
        apiVersion: daemonset.dev/v1alpha1
        kind: DaemonSet
        metadata: {name: %s, namespace: default}
        spec:
          %s
          selector:
            matchLabels: {app: %s}
          template:
            metadata:
              labels: {app: %s}
            spec:
              containers:
              - {name: agent, image: "registry.example/agent:1.0"}
        """.formatted(name, specExtra, name, name);
    }
}
