package dev.daemonset.operator.plan;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Small builders for the table-driven plan tests. */
final class Fixtures {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Fixtures() {}

    /** A map from alternating keys and values. */
    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                .endMetadata()
                .withNewSpec()
                .withTaints(taints.length == 0 ? null : Arrays.asList(taints))
                .endSpec()
                .build();
    }

    static Node node(String name, Taint... taints) {
        return node(name, Map.of(), taints);
    }

    static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    static Toleration toleration(String key, String operator, String value, String effect) {
        return new Toleration(effect, key, operator, null, value);
    }

    static Toleration toleration(String key, String operator, String value, String effect, Long seconds) {
        return new Toleration(effect, key, operator, seconds, value);
    }

    static NodeSelectorRequirement req(String key, String operator, String... values) {
        return new NodeSelectorRequirement(key, operator, values.length == 0 ? null : List.of(values));
    }

    static NodeSelectorTerm expressions(NodeSelectorRequirement... reqs) {
        return new NodeSelectorTerm(List.of(reqs), null);
    }

    static NodeSelectorTerm fields(NodeSelectorRequirement... reqs) {
        return new NodeSelectorTerm(null, List.of(reqs));
    }

    static NodeSelectorTerm term(List<NodeSelectorRequirement> expressions, List<NodeSelectorRequirement> fields) {
        return new NodeSelectorTerm(expressions, fields);
    }

    static NodeSelector required(NodeSelectorTerm... terms) {
        return new NodeSelector(List.of(terms));
    }

    /** A pod spec with one container and the given required node affinity. */
    static PodSpec specWithAffinity(NodeSelector required) {
        return new PodSpecBuilder(spec())
                .withNewAffinity()
                .withNewNodeAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(required)
                .endNodeAffinity()
                .endAffinity()
                .build();
    }

    static PodSpec spec() {
        return new PodSpecBuilder()
                .addNewContainer()
                .withName("agent")
                .withImage("example.com/agent:1")
                .endContainer()
                .build();
    }

    static PodSpec specWithTolerations(Toleration... tolerations) {
        return new PodSpecBuilder(spec()).withTolerations(tolerations).build();
    }

    /** A deep snapshot for checking that an object was not mutated. */
    static String json(Object o) {
        return JSON.writeValueAsString(o);
    }
}
