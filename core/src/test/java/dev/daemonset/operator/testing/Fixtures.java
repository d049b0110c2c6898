package dev.daemonset.operator.testing;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetSpec;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the model objects tests need; every call returns a fresh object. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    public static Node node(String name) {
        return node(name, Map.of());
    }

    public static Node node(String name, Map<String, String> labels, Taint... taints) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kubernetes.io/hostname", name);
        all.putAll(labels);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(all)
                .endMetadata()
                .withNewSpec()
                .withTaints(List.of(taints))
                .endSpec()
                .build();
    }

    public static Taint taint(String key, String effect) {
        return new Taint(effect, key, null, null);
    }

    public static DaemonSet daemonSet(String name) {
        return daemonSet(name, "default", Map.of("app", name));
    }

    public static DaemonSet daemonSet(String name, String namespace, Map<String, String> labels) {
        DaemonSet ds = new DaemonSet();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setUid(UUID.nameUUIDFromBytes(name.getBytes()).toString());
        meta.setGeneration(1L);
        ds.setMetadata(meta);
        DaemonSetSpec spec = new DaemonSetSpec();
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(new LinkedHashMap<>(labels));
        spec.setSelector(selector);
        spec.setTemplate(template(labels, "registry.example/agent:1.0"));
        ds.setSpec(spec);
        return ds;
    }

    public static PodTemplateSpec template(Map<String, String> labels, String image) {
        PodTemplateSpec t = new PodTemplateSpec();
        ObjectMeta meta = new ObjectMeta();
        meta.setLabels(new LinkedHashMap<>(labels));
        t.setMetadata(meta);
        PodSpec spec = new PodSpec();
        Container c = new Container();
        c.setName("agent");
        c.setImage(image);
        spec.setContainers(new ArrayList<>(List.of(c)));
        t.setSpec(spec);
        return t;
    }

    /** A daemon pod of ds for node, created at T0 + ageOffsetSeconds, with the given revision hash. */
    public static Pod daemonPod(DaemonSet ds, String node, String hash, int createdSecondsAfterT0) {
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), hash, node);
        pod.getMetadata().setName(ds.getMetadata().getName() + "-" + node + "-" + createdSecondsAfterT0);
        pod.getMetadata().setUid(UUID.randomUUID().toString());
        pod.getMetadata()
                .setCreationTimestamp(T0.plusSeconds(createdSecondsAfterT0).toString());
        pod.getSpec().setNodeName(node);
        pod.setStatus(new PodStatus());
        pod.getStatus().setPhase("Pending");
        return pod;
    }

    public static Pod ready(Pod pod, Instant since) {
        pod.getStatus().setPhase("Running");
        PodCondition c = new PodCondition();
        c.setType("Ready");
        c.setStatus("True");
        c.setLastTransitionTime(since.toString());
        pod.getStatus().setConditions(new ArrayList<>(List.of(c)));
        return pod;
    }

    public static Pod phase(Pod pod, String phase) {
        pod.getStatus().setPhase(phase);
        return pod;
    }

    public static Pod unscheduled(Pod pod) {
        pod.getSpec().setNodeName(null);
        return pod;
    }

    public static Pod deleting(Pod pod) {
        pod.getMetadata().setDeletionTimestamp(T0.toString());
        return pod;
    }
}
