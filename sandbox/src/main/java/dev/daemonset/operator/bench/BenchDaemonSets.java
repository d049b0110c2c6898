package dev.daemonset.operator.bench;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.api.DaemonSetUpdateStrategy;
import dev.daemonset.operator.api.RollingUpdateDaemonSet;
import dev.daemonset.operator.api.UpdateStrategyType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The DaemonSets the benchmark applies: a node agent shaped as real ones are, RollingUpdate with maxUnavailable 10%. */
final class BenchDaemonSets {
    private static final PodTemplateSpec NODE_AGENT = BenchResources.load("node-agent.yaml", PodTemplateSpec.class);
    static final String NAMESPACE = "default";
    static final String IMAGE_V1 = "registry.example/agent:1.0";
    static final String IMAGE_V2 = "registry.example/agent:2.0";
    static final String MAX_UNAVAILABLE = "10%";

    private final KubernetesClient client;

    BenchDaemonSets(KubernetesClient client) {
        this.client = client;
    }

    DaemonSet create(String name) {
        return client.resources(DaemonSet.class)
                .inNamespace(NAMESPACE)
                .resource(daemonSet(name))
                .create();
    }

    void delete(String name) {
        client.resources(DaemonSet.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /**
     * A JSON patch of the agent's image only: no read-modify-write race with the operator's status
     * writes, and the template's other container stays. Returns the DaemonSet as patched, with the
     * generation the rollout must reach.
     */
    DaemonSet setImage(String name, String image) {
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image
                + "\"}]";
        return client.resources(DaemonSet.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    /** The ConfigMap the node agent of bench/node-agent.yaml mounts. */
    static ConfigMap agentConfig(String namespace) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NODE_AGENT.getSpec().getVolumes().stream()
                        .filter(v -> v.getConfigMap() != null)
                        .findFirst()
                        .orElseThrow()
                        .getConfigMap()
                        .getName())
                .withNamespace(namespace)
                .endMetadata()
                .addToData("agent.yaml", "logLevel: info\n")
                .build();
    }

    /** The node agent of bench/node-agent.yaml, with these labels and the agent container's image. */
    static PodTemplateSpec template(Map<String, String> labels, String image) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(NODE_AGENT).build();
        template.getMetadata().setLabels(new LinkedHashMap<>(labels));
        template.getSpec().getContainers().get(0).setImage(image);
        return template;
    }

    private static DaemonSet daemonSet(String name) {
        Map<String, String> labels = Map.of("app", name);
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(labels);
        RollingUpdateDaemonSet rolling = new RollingUpdateDaemonSet();
        rolling.setMaxUnavailable(new IntOrString(MAX_UNAVAILABLE));
        DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
        strategy.setType(UpdateStrategyType.RollingUpdate);
        strategy.setRollingUpdate(rolling);
        DaemonSetSpec spec = new DaemonSetSpec();
        spec.setSelector(selector);
        spec.setTemplate(template(labels, IMAGE_V1));
        spec.setUpdateStrategy(strategy);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(NAMESPACE);
        DaemonSet ds = new DaemonSet();
        ds.setMetadata(meta);
        ds.setSpec(spec);
        return ds;
    }
}
