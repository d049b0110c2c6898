package dev.daemonset.operator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.StrictModelMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

/**
 * The process's mappers build a property's deserializer when its first value arrives; what they read must be what
 * fabric8's own mapper, which builds them all up front, reads: the same objects from real manifests, the same
 * handling of a value of the wrong type, and for the strict mapper the same refusal naming the same field.
 */
class LazyPropertyDeserializersTest {
    /** fabric8's mapper as it comes, every deserializer built up front. */
    private static final KubernetesSerialization EAGER = new KubernetesSerialization();

    /** A pod as a node agent's looks on a real cluster: several containers, probes, volumes, status. */
    private static final String AGENT_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "agent-x1", "namespace": "kube-system", "labels": {"app": "agent"},
               "ownerReferences": [{"apiVersion": "daemonset.dev/v1alpha1", "kind": "DaemonSet", "name": "agent",
                 "uid": "u1", "controller": true}],
               "managedFields": [{"manager": "kubelet", "operation": "Update", "apiVersion": "v1",
                 "fieldsType": "FieldsV1", "fieldsV1": {"f:status": {"f:phase": {}}}}]},
             "spec": {"nodeName": "node-1", "hostNetwork": true,
               "initContainers": [{"name": "init", "image": "busybox:1.36", "command": ["true"]}],
               "containers": [
                 {"name": "agent", "image": "registry.example/agent:1.0",
                  "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                  "ports": [{"containerPort": 9100, "hostPort": 9100}],
                  "resources": {"requests": {"cpu": "10m"}, "limits": {"memory": "64Mi"}},
                  "readinessProbe": {"httpGet": {"path": "/healthz", "port": "metrics"}},
                  "volumeMounts": [{"name": "host", "mountPath": "/host", "readOnly": true}]},
                 {"name": "sidecar", "image": "registry.example/sidecar:2",
                  "livenessProbe": {"exec": {"command": ["true"]}}}],
               "volumes": [{"name": "host", "hostPath": {"path": "/"}},
                 {"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}]}}]},
             "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
               "containerStatuses": [{"name": "agent", "ready": true, "restartCount": 2,
                 "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                 "lastState": {"terminated": {"exitCode": 1}}}]}}
            """;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "core/src/test/resources/manifests/kube-proxy.yaml",
                "core/src/test/resources/manifests/calico-node.yaml",
                "core/src/test/resources/manifests/node-exporter.yaml",
                "examples/surge.yaml"
            })
    void realManifestsReadAsFabric8ReadsThem(String manifest) throws IOException {
        DaemonSet expected;
        try (InputStream in = Files.newInputStream(Path.of(manifest))) {
            expected = EAGER.unmarshal(in, DaemonSet.class);
        }
        String json = EAGER.asJson(expected);

        // the DaemonSet classes have no equals: compared as fabric8 writes them
        assertThat(EAGER.asJson(SharedSerialization.INSTANCE.unmarshal(json, DaemonSet.class)))
                .isEqualTo(json);
        assertThat(EAGER.asJson(StrictModelMapper.MAPPER.readValue(json, DaemonSet.class)))
                .isEqualTo(json);
    }

    @Test
    void aNodeAgentsPodReadsAsFabric8ReadsIt() {
        Pod expected = EAGER.unmarshal(AGENT_POD, Pod.class);

        assertThat(expected.getSpec().getContainers()).hasSize(2);
        assertThat(SharedSerialization.INSTANCE.unmarshal(AGENT_POD, Pod.class)).isEqualTo(expected);
        assertThat(StrictModelMapper.MAPPER.readValue(AGENT_POD, Pod.class)).isEqualTo(expected);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAsFabric8RefusesIt() {
        String wrong = AGENT_POD.replace("\"restartCount\": 2", "\"restartCount\": \"two\"");
        Throwable expected = catchThrowable(() -> EAGER.unmarshal(wrong, Pod.class));
        assertThat(expected).as("fabric8's own reading").isNotNull();

        assertThatThrownBy(() -> SharedSerialization.INSTANCE.unmarshal(wrong, Pod.class))
                .isInstanceOf(expected.getClass())
                .hasMessage(expected.getMessage())
                .cause()
                .hasMessage(expected.getCause().getMessage());
    }

    @Test
    void theStrictMapperStillRefusesAQuotedNumberAndNamesItsField() {
        String quoted = AGENT_POD.replace("\"containerPort\": 9100", "\"containerPort\": \"9100\"");

        assertThatThrownBy(() -> StrictModelMapper.MAPPER.readValue(quoted, Pod.class))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getPathReference())
                        .contains("containers")
                        .contains("ports")
                        .contains("containerPort"));
    }
}
