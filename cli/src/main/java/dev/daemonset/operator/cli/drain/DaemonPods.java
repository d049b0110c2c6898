package dev.daemonset.operator.cli.drain;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** Which pods drain leaves on the node because a DaemonSet would only put them back: ours and apps/v1's. */
final class DaemonPods {
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

    private DaemonPods() {}

    /**
     * A pod whose controller is a daemonset.dev or apps/v1 DaemonSet, or that carries our daemon pod label (so a
     * pod the operator made still counts after its owner reference was removed, e.g. by a released orphan).
     */
    static boolean isDaemonPod(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels != null && "true".equals(labels.get(DaemonPodFactory.DAEMON_POD_LABEL))) {
            return true;
        }
        OwnerReference controller = controllerOf(pod);
        if (controller == null || !DaemonSet.KIND.equals(controller.getKind()) || controller.getApiVersion() == null) {
            return false;
        }
        String group = controller.getApiVersion().contains("/")
                ? controller
                        .getApiVersion()
                        .substring(0, controller.getApiVersion().indexOf('/'))
                : "";
        return group.equals(DaemonSet.GROUP) || group.equals("apps");
    }

    /** A static pod's copy in the API server: the kubelet owns it, an eviction would not remove it. */
    static boolean isMirrorPod(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_POD_ANNOTATION);
    }

    static OwnerReference controllerOf(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst()
                .orElse(null);
    }
}
