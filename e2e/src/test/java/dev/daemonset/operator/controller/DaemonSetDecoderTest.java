package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.testing.CrdValidator;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.MergePatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operator makes of a stored DaemonSet that does not fit the Java model: never an exception
 * (that would stop the informer for every DaemonSet), always the field and the value at fault.
 */
class DaemonSetDecoderTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 3000000000}}}}",
                        "spec.updateStrategy.rollingUpdate.maxSurge",
                        "Invalid value: 3000000000: must be less than or equal to 2147483647"),
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}}}",
                        "spec.updateStrategy.rollingUpdate.maxUnavailable",
                        "Invalid value: 3000000000: must be less than or equal to 2147483647"),
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: {partition: 1.5}}}}",
                        "spec.updateStrategy.rollingUpdate.partition",
                        "Invalid value: 1.5: must be an integer or a percentage such as '25%'"),
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: {partition: [1]}}}}",
                        "spec.updateStrategy.rollingUpdate.partition",
                        "Invalid value: \"array\": must be of type integer or string"),
                Arguments.of(
                        "{spec: {minReadySeconds: 3000000000}}",
                        "spec.minReadySeconds",
                        "Invalid value: 3000000000: must be less than or equal to 2147483647"),
                Arguments.of(
                        "{spec: {minReadySeconds: '5'}}",
                        "spec.minReadySeconds",
                        "Invalid value: \"string\": must be of type integer"),
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: {paused: 'true'}}}}",
                        "spec.updateStrategy.rollingUpdate.paused",
                        "Invalid value: \"string\": must be of type boolean"),
                Arguments.of(
                        "{spec: {updateStrategy: {rollingUpdate: [{maxSurge: 1}]}}}",
                        "spec.updateStrategy.rollingUpdate",
                        "Invalid value: \"array\": must be of type object"),
                Arguments.of(
                        "{spec: {selector: {matchLabels: {app: 5}}}}",
                        "spec.selector.matchLabels[app]",
                        "Invalid value: \"number\": must be of type string"),
                Arguments.of(
                        "{spec: {template: {spec: {containers: [{name: agent, ports: [{containerPort: http}]}]}}}}",
                        "spec.template.spec.containers[0].ports[0].containerPort",
                        "Invalid value: \"string\": must be of type integer"),
                Arguments.of(
                        "{spec: {template: {spec: {containers: [{name: agent, ports: [{containerPort: 99999999999}]}]}}}}",
                        "spec.template.spec.containers[0].ports[0].containerPort",
                        "Invalid value: 99999999999: must be less than or equal to 2147483647"),
                Arguments.of(
                        "{spec: {template: {spec: {nodeSelector: {disk: {type: ssd}}}}}}",
                        "spec.template.spec.nodeSelector[disk]",
                        "Invalid value: \"object\": must be of type string"),
                Arguments.of(
                        "{spec: {template: {spec: {containers: {name: agent}}}}}",
                        "spec.template.spec.containers",
                        "Invalid value: \"object\": must be of type array"),
                Arguments.of(
                        "{spec: {template: oops}}",
                        "spec.template",
                        "Invalid value: \"string\": must be of type object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unreadable")
    void namesTheFieldAndValueThatDoNotFit(String patch, String field, String message) {
        DaemonSet decoded = DaemonSetDecoder.decode(stored(patch));

        assertThat(decoded).isInstanceOf(UnreadableDaemonSet.class);
        UnreadableDaemonSet shell = (UnreadableDaemonSet) decoded;
        assertThat(shell.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).isEqualTo(message);
        });
        assertThat(shell.getMetadata().getName()).isEqualTo("agent");
        assertThat(shell.getMetadata().getUid()).isNotBlank();
        assertThat(shell.getSpec()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsAWellTypedDaemonSetAsItIs(String patch) {
        DaemonSet decoded = DaemonSetDecoder.decode(stored(patch));

        assertThat(decoded).isNotInstanceOf(UnreadableDaemonSet.class);
        assertThat(decoded.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    }

    static Stream<String> readable() {
        return Stream.of(
                "{}",
                "{spec: {minReadySeconds: 2147483647}}",
                "{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: '25%', partition: 2, paused: true}}}}");
    }

    @org.junit.jupiter.api.Test
    void aDamagedStatusAloneKeepsTheSpecReadable() {
        DaemonSet decoded = DaemonSetDecoder.decode(stored("{status: {numberReady: lots, conditions: 7}}"));

        assertThat(decoded).isNotInstanceOf(UnreadableDaemonSet.class);
        assertThat(decoded.getSpec().getSelector().getMatchLabels()).containsEntry("app", "agent");
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource stored(String patchYaml) {
        Map<String, Object> manifest = CrdValidator.toTree(Fixtures.daemonSet("agent"));
        Map<String, Object> patched = (Map<String, Object>) MergePatch.apply(manifest, CrdValidator.parse(patchYaml));
        return SERIALIZATION.convertValue(patched, GenericKubernetesResource.class);
    }
}
