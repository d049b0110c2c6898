package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * fabric8 model objects for the caches, with nothing allocated that is not set. A fabric8 model object
 * starts with an empty list or map for every collection field (a pod's spec and status have 25 of them,
 * 24 to 56 bytes each); here they are the JDK's shared immutable empties, which also turn a write to a
 * cached object into an error rather than a silent change of the cache.
 *
 * <p>Strings repeated across many objects (namespaces, label keys and values, owner names and uids,
 * node names, condition types and reasons) are interned: a cluster's pods share a few hundred of them.
 * Names, uids, resourceVersions and timestamps are left alone: each is unique to its object, and
 * interning them would add a string-table entry per pod.
 */
final class LeanModel {
    private LeanModel() {}

    static String shared(String s) {
        return s == null ? null : s.intern();
    }

    static Map<String, String> sharedMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new HashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(shared(k), shared(v)));
        return Map.copyOf(copy);
    }

    /** For maps shown to people in their own order (node labels in explain): a few thousand, not a pod's worth. */
    static Map<String, String> sharedOrderedMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(shared(k), shared(v)));
        return Collections.unmodifiableMap(copy);
    }

    static <A, B> List<B> listOf(List<A> list, Function<A, B> each) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<B> copy = new ArrayList<>(list.size());
        for (A a : list) {
            copy.add(each.apply(a));
        }
        return List.copyOf(copy);
    }

    static Pod pod() {
        Pod pod = new Pod();
        pod.setAdditionalProperties(Map.of());
        return pod;
    }

    static Node node() {
        Node node = new Node();
        node.setAdditionalProperties(Map.of());
        return node;
    }

    static ObjectMeta meta(ObjectMeta from) {
        ObjectMeta meta = new ObjectMeta();
        meta.setAnnotations(Map.of());
        meta.setFinalizers(List.of());
        meta.setLabels(Map.of());
        meta.setManagedFields(List.of());
        meta.setOwnerReferences(List.of());
        meta.setAdditionalProperties(Map.of());
        meta.setName(from.getName());
        meta.setNamespace(shared(from.getNamespace()));
        meta.setUid(from.getUid());
        meta.setResourceVersion(from.getResourceVersion());
        return meta;
    }

    static OwnerReference ownerReference(OwnerReference from) {
        OwnerReference ref = new OwnerReference();
        ref.setAdditionalProperties(Map.of());
        ref.setApiVersion(shared(from.getApiVersion()));
        ref.setKind(shared(from.getKind()));
        ref.setName(shared(from.getName()));
        ref.setUid(shared(from.getUid()));
        ref.setController(from.getController());
        ref.setBlockOwnerDeletion(from.getBlockOwnerDeletion());
        return ref;
    }

    static PodSpec podSpec() {
        PodSpec spec = new PodSpec();
        spec.setContainers(List.of());
        spec.setEphemeralContainers(List.of());
        spec.setEvictionResponders(List.of());
        spec.setHostAliases(List.of());
        spec.setImagePullSecrets(List.of());
        spec.setInitContainers(List.of());
        spec.setNodeSelector(Map.of());
        spec.setOverhead(Map.of());
        spec.setReadinessGates(List.of());
        spec.setResourceClaims(List.of());
        spec.setSchedulingGates(List.of());
        spec.setTolerations(List.of());
        spec.setTopologySpreadConstraints(List.of());
        spec.setVolumes(List.of());
        spec.setAdditionalProperties(Map.of());
        return spec;
    }

    static PodStatus podStatus() {
        PodStatus status = new PodStatus();
        status.setAllocatedResources(Map.of());
        status.setConditions(List.of());
        status.setContainerStatuses(List.of());
        status.setEphemeralContainerStatuses(List.of());
        status.setHostIPs(List.of());
        status.setInitContainerStatuses(List.of());
        status.setNodeAllocatableResourceClaimStatuses(List.of());
        status.setPodIPs(List.of());
        status.setResourceClaimStatuses(List.of());
        status.setVolumeHealth(List.of());
        status.setAdditionalProperties(Map.of());
        return status;
    }

    static PodCondition podCondition(PodCondition from) {
        PodCondition c = new PodCondition();
        c.setAdditionalProperties(Map.of());
        c.setType(shared(from.getType()));
        c.setStatus(shared(from.getStatus()));
        c.setReason(shared(from.getReason()));
        c.setMessage(from.getMessage());
        c.setLastTransitionTime(from.getLastTransitionTime());
        return c;
    }

    /** What explains a stall: the state, the last termination, readiness and restarts. */
    static ContainerStatus containerStatus(ContainerStatus from) {
        ContainerStatus cs = new ContainerStatus();
        cs.setAllocatedResources(Map.of());
        cs.setAllocatedResourcesStatus(List.of());
        cs.setVolumeMounts(List.of());
        cs.setAdditionalProperties(Map.of());
        cs.setName(shared(from.getName()));
        cs.setReady(from.getReady());
        cs.setRestartCount(from.getRestartCount());
        cs.setState(containerState(from.getState()));
        cs.setLastState(containerState(from.getLastState()));
        return cs;
    }

    private static ContainerState containerState(ContainerState from) {
        if (from == null) {
            return null;
        }
        ContainerState state = new ContainerState();
        state.setAdditionalProperties(Map.of());
        if (from.getRunning() != null) {
            ContainerStateRunning running = new ContainerStateRunning();
            running.setAdditionalProperties(Map.of());
            state.setRunning(running);
        }
        if (from.getWaiting() != null) {
            ContainerStateWaiting waiting = new ContainerStateWaiting();
            waiting.setAdditionalProperties(Map.of());
            waiting.setReason(shared(from.getWaiting().getReason()));
            waiting.setMessage(from.getWaiting().getMessage());
            state.setWaiting(waiting);
        }
        if (from.getTerminated() != null) {
            ContainerStateTerminated terminated = new ContainerStateTerminated();
            terminated.setAdditionalProperties(Map.of());
            terminated.setReason(shared(from.getTerminated().getReason()));
            terminated.setMessage(from.getTerminated().getMessage());
            terminated.setExitCode(from.getTerminated().getExitCode());
            state.setTerminated(terminated);
        }
        return state;
    }

    static NodeSpec nodeSpec() {
        NodeSpec spec = new NodeSpec();
        spec.setPodCIDRs(List.of());
        spec.setTaints(List.of());
        spec.setAdditionalProperties(Map.of());
        return spec;
    }

    static Taint taint(Taint from) {
        Taint taint = new Taint();
        taint.setAdditionalProperties(Map.of());
        taint.setKey(shared(from.getKey()));
        taint.setValue(shared(from.getValue()));
        taint.setEffect(shared(from.getEffect()));
        taint.setTimeAdded(from.getTimeAdded());
        return taint;
    }
}
