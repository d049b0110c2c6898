package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts and releases what a DaemonSet claims, pods and revisions alike, as upstream's claim does:
 * before the first adoption the DaemonSet is checked ({@link AdoptionCheck}), and each write carries
 * the object's uid as a precondition. What could not be settled is named, so that a sync can stop
 * rather than count an orphan it failed to adopt as missing.
 */
public final class OwnershipSettler {
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipSettler.class);

    /** Changes an object's owner references. */
    @FunctionalInterface
    public interface OwnerWriter<T> {
        void setOwnerReferences(T object, List<OwnerReference> ownerReferences);
    }

    /** The objects a DaemonSet owns after settling, or why ownership is not settled. */
    public record Ownership<T>(List<T> owned, String failure) {
        public boolean settled() {
            return failure == null;
        }
    }

    private final AdoptionCheck adoptionCheck;

    public OwnershipSettler(AdoptionCheck adoptionCheck) {
        this.adoptionCheck = adoptionCheck;
    }

    /** @param kind what the objects are, for the log and the failure ("pod", "revision") */
    public <T extends HasMetadata> Ownership<T> settle(
            DaemonSet ds, Claims<T> claims, OwnerWriter<T> writer, String kind) {
        List<T> owned =
                new ArrayList<>(claims.claimed().size() + claims.toAdopt().size());
        owned.addAll(claims.claimed());
        String failure = claims.toAdopt().isEmpty() ? null : adoptionRefusal(ds);
        for (T object : failure == null ? claims.toAdopt() : List.<T>of()) {
            try {
                writer.setOwnerReferences(object, OwnerRefs.adding(object, DaemonPodFactory.controllerRef(ds)));
                owned.add(object);
                LOG.info("adopted {} {}", kind, object.getMetadata().getName());
            } catch (KubernetesClientException e) {
                LOG.info("could not adopt {} {}: {}", kind, object.getMetadata().getName(), e.getMessage());
                failure = failure != null
                        ? failure
                        : "could not adopt " + kind + " " + object.getMetadata().getName() + ": "
                                + PodWrites.messageOf(e);
            }
        }
        for (T object : claims.toRelease()) {
            try {
                writer.setOwnerReferences(
                        object, OwnerRefs.removing(object, ds.getMetadata().getUid()));
                LOG.info(
                        "released {} {}: its labels no longer match the selector",
                        kind,
                        object.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (WriteFailures.isNotFound(e)) {
                    continue; // gone: nothing left to release
                }
                LOG.info(
                        "could not release {} {}: {}",
                        kind,
                        object.getMetadata().getName(),
                        e.getMessage());
                failure = failure != null
                        ? failure
                        : "could not release " + kind + " "
                                + object.getMetadata().getName() + ": " + PodWrites.messageOf(e);
            }
        }
        return new Ownership<>(owned, failure);
    }

    private String adoptionRefusal(DaemonSet ds) {
        try {
            String refusal = adoptionCheck.refusal(ds);
            if (refusal != null) {
                LOG.info("not adopting: {}", refusal);
            }
            return refusal;
        } catch (KubernetesClientException e) {
            return "could not re-read the DaemonSet before adopting: " + PodWrites.messageOf(e);
        }
    }
}
