package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.DaemonSetDecoder;
import dev.daemonset.operator.controller.UnreadableDaemonSet;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/** How every command reads the DaemonSet it is asked about. */
public final class StoredDaemonSets {
    private StoredDaemonSets() {}

    /**
     * The DaemonSet as stored, read as the operator reads it: one whose spec the Java model cannot hold comes back
     * as an {@link UnreadableDaemonSet} naming the field, not as a stack trace.
     *
     * @throws CommandFailure NotFound, worded as kubectl words it, when there is none
     */
    public static DaemonSet read(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource raw = client.genericKubernetesResources(DaemonSet.resourceContext())
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (raw == null) {
            throw CommandFailure.notFound(name);
        }
        return DaemonSetDecoder.decode(raw);
    }
}
