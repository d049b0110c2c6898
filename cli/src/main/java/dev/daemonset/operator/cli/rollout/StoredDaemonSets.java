package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.DaemonSetDecoder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** How every command reads the DaemonSet it is asked about. */
public final class StoredDaemonSets {
    private StoredDaemonSets() {}

    /**
     * The DaemonSet as stored, read as the operator reads it: one whose spec the Java model cannot hold comes back
     * as an {@link dev.daemonset.operator.controller.UnreadableDaemonSet} naming the field, not as a stack trace.
     *
     * <p>One GET of the object's path, decoded as fabric8's resource DSL decodes it: the DSL itself set up some
     * 300 classes on first use, a tenth of a one-shot command's run, for a request a path says as well.
     *
     * @throws CommandFailure NotFound, worded as kubectl words it, when there is none
     */
    public static DaemonSet read(KubernetesClient client, String namespace, String name) {
        // null for a 404: fabric8's raw GET says NotFound so
        String json = client.raw(path(namespace, name));
        if (json == null) {
            throw CommandFailure.notFound(name);
        }
        return DaemonSetDecoder.decode(
                client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class));
    }

    /** The object's path; a name or namespace that is not a valid one stays one segment, so the server says NotFound. */
    private static String path(String namespace, String name) {
        ResourceDefinitionContext served = DaemonSet.resourceContext();
        return "/apis/" + served.getGroup() + "/" + served.getVersion() + "/namespaces/" + ApiPaths.segment(namespace)
                + "/" + served.getPlural() + "/" + ApiPaths.segment(name);
    }
}
