package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.UnreadableDaemonSet;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The API calls the rollout commands make for one DaemonSet; everything else in the commands is local. */
final class DaemonSetClient {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    DaemonSetClient(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Read as the operator reads it, so a stored spec the Java model cannot hold is named, not a stack trace. */
    DaemonSet get() {
        DaemonSet ds = StoredDaemonSets.read(client, namespace, name);
        if (ds instanceof UnreadableDaemonSet unreadable) {
            throw CommandFailure.error(UnreadableDaemonSet.describe(name, unreadable));
        }
        return ds;
    }

    /** The ControllerRevisions this DaemonSet controls, found as kubectl does: by its selector, then by owner UID. */
    List<Revision> revisions(DaemonSet ds) {
        LabelSelector selector = ds.getSpec() == null ? null : ds.getSpec().getSelector();
        var revisions = client.apps().controllerRevisions().inNamespace(namespace);
        List<ControllerRevision> items = selector == null
                ? revisions.list().getItems()
                : revisions.withLabelSelector(selector).list().getItems();
        String uid = ds.getMetadata().getUid();
        List<Revision> owned = new ArrayList<>();
        for (ControllerRevision cr : items) {
            if (ControllerRefs.controlledBy(cr, uid)) {
                owned.add(decode(cr));
            }
        }
        return owned;
    }

    DaemonSet mergePatch(Map<String, Object> patch) {
        return resource()
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(patch));
    }

    /**
     * Replaces the whole pod template. A merge patch would keep fields the revision does not have,
     * and the strategic merge patch kubectl sends is not available for custom resources.
     */
    DaemonSet replaceTemplate(PodTemplateSpec template) {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("op", "replace");
        op.put("path", "/spec/template");
        op.set("value", PodTemplates.toJson(template));
        String patch = JsonNodeFactory.instance.arrayNode().add(op).toString();
        return resource().patch(PatchContext.of(PatchType.JSON), patch);
    }

    /** Starts watching the DaemonSet; see {@link DaemonSetWatch}. */
    DaemonSetWatch watch(Consumer<List<DaemonSet>> observer) {
        return new DaemonSetWatch(resource().runnableInformer(0), observer);
    }

    private Resource<DaemonSet> resource() {
        return client.resources(DaemonSet.class).inNamespace(namespace).withName(name);
    }

    private static Revision decode(ControllerRevision cr) {
        String revisionName = cr.getMetadata().getName();
        PodTemplateSpec template;
        try {
            template = Revisions.templateOf(cr);
        } catch (RuntimeException e) {
            template = null;
        }
        Map<String, String> annotations = cr.getMetadata().getAnnotations();
        String cause = annotations == null ? null : annotations.get(HistoryView.CHANGE_CAUSE_ANNOTATION);
        long number = cr.getRevision() == null ? 0 : cr.getRevision();
        return new Revision(number, revisionName, template, cause);
    }
}
