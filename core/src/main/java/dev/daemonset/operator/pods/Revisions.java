package dev.daemonset.operator.pods;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.client.SharedSerialization;
import dev.daemonset.operator.plan.RevisionInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ControllerRevisions in upstream's DaemonSet format: data is the patch
 * {@code {"spec":{"template":{..., "$patch":"replace"}}}}, so tools that read apps/v1 DaemonSet
 * history read ours. Each also records the selector its DaemonSet was accepted with
 * ({@link AcceptedSelector}).
 */
public final class Revisions {
    /** The strategic-merge directive upstream puts in a revision's template; it is not a template field. */
    static final String PATCH_DIRECTIVE = "$patch";

    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;

    private Revisions() {}

    /** Names are at most 253 characters; upstream cuts the prefix the same way, so long names still get history. */
    private static final int MAX_PREFIX = 223;

    public static String name(DaemonSet ds, String hash) {
        String prefix = ds.getMetadata().getName();
        return (prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix) + "-" + hash;
    }

    public static ControllerRevision snapshot(DaemonSet ds, PodTemplateSpec template, String hash, long revision) {
        ControllerRevision cr = new ControllerRevision();
        cr.setApiVersion("apps/v1");
        cr.setKind("ControllerRevision");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name(ds, hash));
        meta.setNamespace(ds.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(DaemonPodFactory.REVISION_HASH_LABEL, hash);
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (ds.getMetadata().getAnnotations() != null) {
            annotations.putAll(ds.getMetadata().getAnnotations());
        }
        annotations.put(
                AcceptedSelector.ANNOTATION,
                AcceptedSelector.of(ds.getSpec().getSelector())
                        .annotationValue(ds.getMetadata().getUid()));
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(List.of(DaemonPodFactory.controllerRef(ds)));
        cr.setMetadata(meta);
        cr.setRevision(revision);
        cr.setData(data(template));
        return cr;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(PodTemplateSpec template) {
        Map<String, Object> t = new LinkedHashMap<>(SERIALIZATION.convertValue(template, Map.class));
        t.put(PATCH_DIRECTIVE, "replace");
        return Map.of("spec", Map.of("template", t));
    }

    /**
     * The template a revision holds, without the patch directive; null when it has no data or its data
     * holds no template. Data that is not a JSON object at all throws, and callers treat it as unreadable.
     */
    @SuppressWarnings("unchecked")
    public static PodTemplateSpec templateOf(ControllerRevision cr) {
        Object data = cr.getData();
        Map<String, Object> map = data instanceof Map<?, ?> m
                ? (Map<String, Object>) m
                : data == null ? null : SERIALIZATION.convertValue(data, Map.class);
        if (map == null
                || !(map.get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("template") instanceof Map<?, ?> t)) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) t);
        copy.remove(PATCH_DIRECTIVE);
        return SERIALIZATION.convertValue(copy, PodTemplateSpec.class);
    }

    public static String hashOf(ControllerRevision cr) {
        Map<String, String> labels = cr.getMetadata().getLabels();
        String hash = labels == null ? null : labels.get(DaemonPodFactory.REVISION_HASH_LABEL);
        return hash != null ? hash : cr.getMetadata().getName();
    }

    public static RevisionInfo info(ControllerRevision cr) {
        PodTemplateSpec t = templateOf(cr);
        return new RevisionInfo(
                cr.getMetadata().getName(),
                hashOf(cr),
                cr.getRevision() == null ? 0 : cr.getRevision(),
                t == null ? "<unreadable>" : TemplateEquivalence.key(t));
    }
}
