package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads the DaemonSet from the API server, schema-less so that an invalid spec cannot fail the read. */
final class FreshReadAdoptionCheck implements AdoptionCheck {
    private final KubernetesClient client;

    FreshReadAdoptionCheck(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String refusal(DaemonSet ds) {
        String ns = ds.getMetadata().getNamespace();
        String name = ds.getMetadata().getName();
        GenericKubernetesResource fresh = client.genericKubernetesResources(DaemonSet.resourceContext())
                .inNamespace(ns)
                .withName(name)
                .get();
        if (fresh == null) {
            return "original DaemonSet " + ns + "/" + name + " is gone";
        }
        if (!ds.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
            return "original DaemonSet " + ns + "/" + name + " is gone: got uid "
                    + fresh.getMetadata().getUid() + ", wanted "
                    + ds.getMetadata().getUid();
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            return ns + "/" + name + " has just been deleted at "
                    + fresh.getMetadata().getDeletionTimestamp();
        }
        return null;
    }
}
