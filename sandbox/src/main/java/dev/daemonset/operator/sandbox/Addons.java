package dev.daemonset.operator.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a kind cluster runs out of the box, as DaemonSets of daemonset.dev in {@code kube-system}:
 * kube-proxy and kindnet, shaped as kind ships them (manifests under {@code /addons/} on the classpath).
 * They tolerate every taint, so each node gets one pod, the control-plane node included.
 */
public final class Addons {
    /** The manifests, applied in this order. */
    public static final List<String> MANIFESTS = List.of("/addons/kube-proxy.yaml", "/addons/kindnet.yaml");

    private Addons() {}

    /** Creates the objects of every manifest (the CRD and the kube-system namespace must exist). */
    public static void apply(KubernetesClient client) throws IOException {
        for (String manifest : MANIFESTS) {
            try (InputStream in = Addons.class.getResourceAsStream(manifest)) {
                if (in == null) {
                    throw new IllegalStateException("addon manifest " + manifest + " not on the classpath");
                }
                for (HasMetadata item : client.load(in).items()) {
                    client.resource(item).create();
                }
            }
        }
    }
}
