package dev.daemonset.operator.pods;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.client.SharedSerialization;
import dev.daemonset.operator.plan.DaemonTolerations;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the pod for one node from a DaemonSet template, as upstream does: the scheduler (not this
 * controller) binds the pod, steered by a required {@code matchFields metadata.name In [node]} term
 * that replaces the template's required terms. The template's required terms were already used to
 * choose the node, and keeping them could make the pod unschedulable on the very node picked for it.
 */
public final class DaemonPodFactory {
    public static final String REVISION_HASH_LABEL = "controller-revision-hash";
    /** Upstream's label: how many times the template had changed when the pod was made (its revision's number). */
    public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    /**
     * On every pod the operator creates, always {@code "true"}: marks it as a daemon pod of ours for tools that
     * know apps/v1 DaemonSets only ({@code kubectl drain --pod-selector='!daemonset.dev/daemon-pod'}, docs/drain.md).
     * Reserved: the template's value, if it has one, is overwritten. It is not part of the template, so it changes
     * neither the revision hash nor which pods a selector (checked against the template's labels) selects.
     */
    public static final String DAEMON_POD_LABEL = "daemonset.dev/daemon-pod";
    /** The Cluster Autoscaler's mark of a pod that runs on every node, {@code "true"} on every pod of ours. */
    public static final String CLUSTER_AUTOSCALER_DAEMONSET_POD_ANNOTATION =
            "cluster-autoscaler.kubernetes.io/daemonset-pod";

    public static final String NODE_NAME_FIELD = "metadata.name";
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;

    private DaemonPodFactory() {}

    /** A fresh pod without the template generation label (tests and tools that have no revision). */
    public static Pod newPod(DaemonSet ds, PodTemplateSpec template, String hash, String nodeName) {
        return newPod(ds, template, hash, 0, nodeName);
    }

    /**
     * A fresh pod; the template and the DaemonSet (cache objects) are never modified.
     *
     * @param templateGeneration the number of the revision the template comes from; 0 for none
     */
    public static Pod newPod(
            DaemonSet ds, PodTemplateSpec template, String hash, long templateGeneration, String nodeName) {
        PodTemplateSpec copy = deepCopy(template);
        ObjectMeta tm = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(ds.getMetadata().getName() + "-");
        meta.setNamespace(ds.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(REVISION_HASH_LABEL, hash);
        labels.put(DAEMON_POD_LABEL, "true");
        if (templateGeneration > 0) {
            labels.put(TEMPLATE_GENERATION_LABEL, Long.toString(templateGeneration));
        }
        meta.setLabels(labels);
        Map<String, String> annotations =
                new LinkedHashMap<>(tm.getAnnotations() == null ? Map.of() : tm.getAnnotations());
        annotations.put(CLUSTER_AUTOSCALER_DAEMONSET_POD_ANNOTATION, "true");
        meta.setAnnotations(annotations);
        if (tm.getFinalizers() != null && !tm.getFinalizers().isEmpty()) {
            meta.setFinalizers(new ArrayList<>(tm.getFinalizers()));
        }
        meta.setOwnerReferences(List.of(controllerRef(ds)));

        PodSpec spec = copy.getSpec() == null ? new PodSpec() : copy.getSpec();
        spec.setTolerations(DaemonTolerations.withDefaults(spec));
        spec.setAffinity(affinityPinnedTo(spec.getAffinity(), nodeName));

        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(spec);
        return pod;
    }

    public static OwnerReference controllerRef(DaemonSet ds) {
        OwnerReference ref = new OwnerReference();
        ref.setApiVersion(DaemonSet.API_VERSION);
        ref.setKind(DaemonSet.KIND);
        ref.setName(ds.getMetadata().getName());
        ref.setUid(ds.getMetadata().getUid());
        ref.setController(true);
        ref.setBlockOwnerDeletion(true);
        return ref;
    }

    /** Required terms become the single node-name term; preferred terms are kept. */
    static Affinity affinityPinnedTo(Affinity affinity, String nodeName) {
        Affinity result = affinity == null ? new Affinity() : affinity;
        NodeAffinity nodeAffinity = result.getNodeAffinity() == null ? new NodeAffinity() : result.getNodeAffinity();
        NodeSelectorRequirement byName = new NodeSelectorRequirement(NODE_NAME_FIELD, "In", List.of(nodeName));
        NodeSelectorTerm term = new NodeSelectorTerm();
        term.setMatchFields(List.of(byName));
        nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(List.of(term)));
        result.setNodeAffinity(nodeAffinity);
        return result;
    }

    private static PodTemplateSpec deepCopy(PodTemplateSpec template) {
        if (template == null) {
            return new PodTemplateSpec();
        }
        return SERIALIZATION.clone(template);
    }
}
