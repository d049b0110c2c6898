package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.pods.TemplateHasher;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Plays the controller's part of the contract: revisions it would snapshot and status it would write. */
final class RolloutFixtures {
    private RolloutFixtures() {}

    static PodTemplateSpec template(String name, String version) {
        return Fixtures.template(Map.of("app", name), "registry.example/" + name + ":" + version);
    }

    static DaemonSet createDaemonSet(MockCluster cluster, String name, String namespace, String version) {
        DaemonSet ds = Fixtures.daemonSet(name, namespace, Map.of("app", name));
        ds.getSpec().setTemplate(template(name, version));
        return cluster.createDaemonSet(ds);
    }

    static DaemonSet get(MockCluster cluster, String namespace, String name) {
        return cluster.client()
                .resources(DaemonSet.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** A ControllerRevision as the controller writes it, owned by ds, in upstream's data format. */
    static ControllerRevision createRevision(
            MockCluster cluster, DaemonSet ds, long number, PodTemplateSpec template, String changeCause) {
        String hash = TemplateHasher.hash(template, null);
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("controller-revision-hash", hash);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(ds.getMetadata().getName() + "-" + hash);
        meta.setNamespace(ds.getMetadata().getNamespace());
        meta.setLabels(labels);
        if (changeCause != null) {
            meta.setAnnotations(Map.of("kubernetes.io/change-cause", changeCause));
        }
        meta.setOwnerReferences(List.of(owner(ds)));
        ControllerRevision cr = new ControllerRevision();
        cr.setMetadata(meta);
        cr.setRevision(number);
        cr.setData(revisionData(cluster, template));
        return cluster.client()
                .apps()
                .controllerRevisions()
                .inNamespace(ds.getMetadata().getNamespace())
                .resource(cr)
                .create();
    }

    static Map<String, Object> revisionData(MockCluster cluster, PodTemplateSpec template) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new LinkedHashMap<>(
                cluster.client().getKubernetesSerialization().convertValue(template, Map.class));
        json.put("$patch", "replace");
        return Map.of("spec", Map.of("template", json));
    }

    static OwnerReference owner(DaemonSet ds) {
        return dev.daemonset.operator.pods.DaemonPodFactory.controllerRef(ds);
    }

    /** Writes status through the status subresource, starting from what is stored. */
    static void updateStatus(MockCluster cluster, DaemonSet ds, Consumer<DaemonSetStatus> change) {
        DaemonSet current =
                get(cluster, ds.getMetadata().getNamespace(), ds.getMetadata().getName());
        DaemonSetStatus status = current.getStatus() == null ? new DaemonSetStatus() : current.getStatus();
        change.accept(status);
        current.setStatus(status);
        cluster.client()
                .resources(DaemonSet.class)
                .inNamespace(ds.getMetadata().getNamespace())
                .resource(current)
                .updateStatus();
    }

    static Consumer<DaemonSetStatus> counts(long observedGeneration, int desired, int updated, int available) {
        return s -> {
            s.setObservedGeneration(observedGeneration);
            s.setDesiredNumberScheduled(desired);
            s.setCurrentNumberScheduled(desired);
            s.setUpdatedNumberScheduled(updated);
            s.setNumberAvailable(available);
            s.setNumberUnavailable(desired - available);
        };
    }

    static Consumer<DaemonSetStatus> condition(String type, String status, String reason, String message) {
        return s -> {
            List<DaemonSetCondition> conditions =
                    new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
            conditions.removeIf(c -> type.equals(c.getType()));
            conditions.add(new DaemonSetCondition(
                    type, status, reason, message, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"));
            s.setConditions(conditions);
        };
    }
}
