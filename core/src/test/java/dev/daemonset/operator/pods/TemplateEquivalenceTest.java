package dev.daemonset.operator.pods;

import static dev.daemonset.operator.testing.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A template written with the API server's defaults spelled out is the same template; one that
 * changes a value is not. The hash itself never changes, so that upgrading the operator restarts
 * no pod.
 */
class TemplateEquivalenceTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static PodTemplateSpec agent(String image, Consumer<PodTemplateSpec> change) {
        PodTemplateSpec t = template(Map.of("app", "agent"), image);
        ContainerPort port = new ContainerPort();
        port.setContainerPort(9100);
        t.getSpec().getContainers().get(0).setPorts(List.of(port));
        ResourceRequirements resources = new ResourceRequirements();
        resources.setRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("64Mi")));
        t.getSpec().getContainers().get(0).setResources(resources);
        change.accept(t);
        return t;
    }

    @Test
    void defaultsSpelledOutAndQuantitiesWrittenAnotherWayAreTheSameTemplate() {
        PodTemplateSpec plain = agent("registry.example/agent:1.0", t -> {});
        PodTemplateSpec spelledOut = agent("registry.example/agent:1.0", t -> {
            var c = t.getSpec().getContainers().get(0);
            c.setImagePullPolicy("IfNotPresent");
            c.getPorts().get(0).setProtocol("TCP");
            c.setTerminationMessagePath("/dev/termination-log");
            c.getResources().setRequests(Map.of("cpu", new Quantity("0.01"), "memory", new Quantity("67108864")));
            t.getSpec().setRestartPolicy("Always");
            t.getSpec().setDnsPolicy("ClusterFirst");
            t.getSpec().setTerminationGracePeriodSeconds(30L);
        });

        assertThat(TemplateEquivalence.key(spelledOut)).isEqualTo(TemplateEquivalence.key(plain));
        assertThat(TemplateHasher.hash(spelledOut, null))
                .as("the hash is as it always was")
                .isNotEqualTo(TemplateHasher.hash(plain, null));
    }

    @Test
    void aValueThatDiffersFromTheDefaultIsAnotherTemplate() {
        String plain = TemplateEquivalence.key(agent("registry.example/agent:1.0", t -> {}));
        assertThat(TemplateEquivalence.key(agent(
                        "registry.example/agent:1.0",
                        t -> t.getSpec().getContainers().get(0).setImagePullPolicy("Always"))))
                .isNotEqualTo(plain);
        assertThat(TemplateEquivalence.key(agent(
                        "registry.example/agent:1.0",
                        t -> t.getSpec()
                                .getContainers()
                                .get(0)
                                .getPorts()
                                .get(0)
                                .setProtocol("UDP"))))
                .isNotEqualTo(plain);
        assertThat(TemplateEquivalence.key(agent(
                        "registry.example/agent:1.0",
                        t -> t.getSpec()
                                .getContainers()
                                .get(0)
                                .getResources()
                                .setRequests(Map.of("cpu", new Quantity("20m"), "memory", new Quantity("64Mi"))))))
                .isNotEqualTo(plain);
        assertThat(TemplateEquivalence.key(agent(
                        "registry.example/agent:latest",
                        t -> t.getSpec().getContainers().get(0).setImagePullPolicy("IfNotPresent"))))
                .as(":latest pulls Always by default")
                .isNotEqualTo(TemplateEquivalence.key(agent("registry.example/agent:latest", t -> {})));
    }

    @ParameterizedTest
    @CsvSource({
        "registry.example/agent:1.0, IfNotPresent",
        "registry.example/agent, Always",
        "registry.example/agent:latest, Always",
        "localhost:5000/agent, Always",
        "localhost:5000/agent:2, IfNotPresent",
        "registry.example/agent@sha256:0123, IfNotPresent"
    })
    void pullPolicyDefaultsAsTheApiServerDoes(String image, String policy) {
        assertThat(TemplateEquivalence.pullPolicyFor(image)).isEqualTo(policy);
    }

    /**
     * The hashes of real manifests' templates, as every released version computed them: if one changes,
     * upgrading the operator would restart every pod of such a DaemonSet.
     */
    @ParameterizedTest
    @CsvSource({
        "core/src/test/resources/manifests/kube-proxy.yaml, 79f85954bc",
        "core/src/test/resources/manifests/calico-node.yaml, 9dfb78795",
        "core/src/test/resources/manifests/node-exporter.yaml, 776db47c87",
        "examples/node-exporter.yaml, 58646c6b84",
        "examples/surge.yaml, 5bd597d8b4",
        "examples/rollout-canary.yaml, 5956f68ff9"
    })
    void theHashOfATemplateNeverChanges(String manifest, String hash) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(manifest))) {
            DaemonSet ds = SERIALIZATION.unmarshal(in, DaemonSet.class);
            assertThat(TemplateHasher.hash(ds.getSpec().getTemplate(), null)).isEqualTo(hash);
        }
    }
}
