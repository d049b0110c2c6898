package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.DaemonSetDecoder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.URISyntaxException;

/** How every command reads the DaemonSet it is asked about. */
public final class StoredDaemonSets {
    private static final int NOT_FOUND = 404;

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
        String json;
        try {
            json = client.raw(path(namespace, name));
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                throw CommandFailure.notFound(name);
            }
            throw e;
        }
        if (json == null) {
            throw CommandFailure.notFound(name);
        }
        return DaemonSetDecoder.decode(
                client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class));
    }

    /** The object's path; a name or namespace that is not a valid one stays one segment, so the server says NotFound. */
    static String path(String namespace, String name) {
        ResourceDefinitionContext served = DaemonSet.resourceContext();
        return "/apis/" + served.getGroup() + "/" + served.getVersion() + "/namespaces/" + segment(namespace) + "/"
                + served.getPlural() + "/" + segment(name);
    }

    private static String segment(String value) {
        try {
            // a "/" would otherwise name another path: "NAME/status" is the status subresource of NAME
            return new URI(null, null, value, null).getRawPath().replace("/", "%2F");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid name: " + value, e);
        }
    }
}
