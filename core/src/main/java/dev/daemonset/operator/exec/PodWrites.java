package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.EventReasons;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.plan.PodDeletion;
import dev.daemonset.operator.pods.DaemonPodFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod create or delete of a plan: the write, its event and log line, and what its answer does to
 * the expectations. An answer that may hide an applied write (a timeout, a 5xx) leaves the write
 * expected, as uncertain, so that the cache decides; any other failure takes it back at once.
 */
final class PodWrites {
    private static final Logger LOG = LoggerFactory.getLogger(PodWrites.class);

    private final PodControl pods;
    private final EventRecorder events;
    private final Expectations<String> expectations;
    private final ExecutorService writers;

    PodWrites(PodControl pods, EventRecorder events, Expectations<String> expectations, ExecutorService writers) {
        this.pods = pods;
        this.events = events;
        this.expectations = expectations;
        this.writers = writers;
    }

    /** Returns null, or the error the create failed with (already evented and logged). */
    String create(
            DaemonSet ds, String key, String node, PodTemplateSpec template, String hash, long templateGeneration) {
        Pod pod = DaemonPodFactory.newPod(ds, template, hash, templateGeneration, node);
        try {
            Pod created = pods.create(pod);
            events.record(
                    ds,
                    PlannedEvent.normal(
                            EventReasons.SUCCESSFUL_CREATE,
                            "Created pod: " + created.getMetadata().getName()));
            return null;
        } catch (RuntimeException e) {
            if (WriteFailures.isNamespaceTerminating(e)) {
                // as upstream: the namespace and this DaemonSet are going, so this is neither an error nor news
                expectations.lowerCreations(key, 1);
                LOG.debug(
                        "not creating a pod on {}: namespace {} is being deleted",
                        node,
                        ds.getMetadata().getNamespace());
                return null;
            }
            if (WriteFailures.isUncertain(e)) {
                expectations.creationUncertain(key);
            } else {
                expectations.lowerCreations(key, 1);
            }
            String message = "Error creating: " + messageOf(e);
            LOG.warn("failed to create daemon pod for node {}: {}", node, messageOf(e));
            events.record(ds, PlannedEvent.warning(EventReasons.FAILED_CREATE, message));
            return message;
        }
    }

    void deleteInParallel(DaemonSet ds, String key, List<PodDeletion> deletes, WriteTally failures) {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(deletes.size());
        for (PodDeletion d : deletes) {
            inFlight.add(CompletableFuture.runAsync(() -> deleteOne(ds, key, d, failures), writers));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    private void deleteOne(DaemonSet ds, String key, PodDeletion d, WriteTally failures) {
        Pod pod = d.pod();
        String uid = pod.getMetadata().getUid();
        try {
            boolean deleted = pods.delete(
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
            if (!deleted) {
                expectations.deletionObserved(key, uid);
                return;
            }
            LOG.info("deleted pod {} ({})", pod.getMetadata().getName(), d.reason());
            events.record(
                    ds,
                    PlannedEvent.normal(
                            EventReasons.SUCCESSFUL_DELETE,
                            "Deleted pod: " + pod.getMetadata().getName()));
        } catch (RuntimeException e) {
            if (WriteFailures.isNotFound(e)) {
                expectations.deletionObserved(key, uid);
                return;
            }
            if (WriteFailures.isUncertain(e)) {
                expectations.deletionUncertain(key, uid);
            } else {
                expectations.deletionObserved(key, uid);
            }
            String message = "Error deleting pod " + pod.getMetadata().getName() + ": " + messageOf(e);
            failures.failed(message);
            LOG.warn("failed to delete daemon pod {}: {}", pod.getMetadata().getName(), messageOf(e));
            events.record(ds, PlannedEvent.warning(EventReasons.FAILED_DELETE, message));
        }
    }

    static String messageOf(RuntimeException e) {
        if (e instanceof KubernetesClientException k
                && k.getStatus() != null
                && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
