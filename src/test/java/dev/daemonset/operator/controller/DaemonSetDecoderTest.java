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
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 3000000000}}}}",
            "spec.updateStrategy.rollingUpdate.maxSurge", "Invalid value: 3000000000: cannot be read as an int32 or a string"),
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: {maxUnavailable: 3000000000}}}}",
            "spec.updateStrategy.rollingUpdate.maxUnavailable", "Invalid value: 3000000000: cannot be read as an int32 or a string"),
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: {partition: 1.5}}}}",
            "spec.updateStrategy.rollingUpdate.partition", "Invalid value: 1.5: cannot be read as an int32 or a string"),
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: {partition: [1]}}}}",
            "spec.updateStrategy.rollingUpdate.partition", "Invalid value: [1]: cannot be read as an int32 or a string"),
        Arguments.of("{spec: {minReadySeconds: 3000000000}}",
            "spec.minReadySeconds", "Invalid value: 3000000000: cannot be read as an int32"),
        Arguments.of("{spec: {minReadySeconds: '5'}}",
            "spec.minReadySeconds", "Invalid value: \"5\": cannot be read as an int32"),
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: {paused: 'true'}}}}",
            "spec.updateStrategy.rollingUpdate.paused", "Invalid value: \"true\": cannot be read as a boolean"),
        Arguments.of("{spec: {updateStrategy: {rollingUpdate: [{maxSurge: 1}]}}}",
            "spec.updateStrategy.rollingUpdate", "Invalid value: [{\"maxSurge\":1}]: cannot be read as an object"),
        Arguments.of("{spec: {selector: {matchLabels: {app: 5}}}}",
            "spec.selector.matchLabels[app]", "Invalid value: 5: cannot be read as a string"),
        Arguments.of("{spec: {template: {spec: {containers: [{name: agent, ports: [{containerPort: http}]}]}}}}",
            "spec.template.spec.containers[0].ports[0].containerPort", "Invalid value: \"http\": cannot be read as an int32"),
        Arguments.of("{spec: {template: {spec: {nodeSelector: {disk: {type: ssd}}}}}}",
            "spec.template.spec.nodeSelector[disk]", "Invalid value: {\"type\":\"ssd\"}: cannot be read as a string"),
        Arguments.of("{spec: {template: oops}}",
            "spec.template", "Invalid value: \"oops\": cannot be read as an object"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unreadable")
  void namesTheFieldAndValueThatDoNotFit(String patch, String field, String message) {
    DaemonSet decoded = DaemonSetDecoder.decode(stored(patch));

    assertThat(decoded).isInstanceOf(UnreadableDaemonSet.class);
    UnreadableDaemonSet shell = (UnreadableDaemonSet) decoded;
    assertThat(shell.problem().field()).isEqualTo(field);
    assertThat(shell.problem().message()).startsWith(message);
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
    return Stream.of("{}", "{spec: {minReadySeconds: 2147483647}}",
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
