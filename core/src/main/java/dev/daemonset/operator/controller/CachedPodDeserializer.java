package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a pod for the pod cache: everything {@link TrimmedPods} reads of it, and no more. Of the spec, only
 * {@link TrimmedPods#SPEC_FIELDS_READ} are decoded; the rest (containers with their env, probes and resources,
 * volumes, tolerations: most of a node agent's JSON) is skipped by the parser without building an object, and
 * so is the status but for {@link TrimmedPods#STATUS_FIELDS_READ}. Of a pod another controller controls, the spec
 * and status are skipped whole once its metadata has been read, as the API server writes it first; a pod whose
 * metadata comes later is read as one of ours, which the cache then trims.
 *
 * <p>Assumptions / Invariants:
 *
 * <ul>
 *   <li>{@code TrimmedPods.trim} of the pod read here equals {@code TrimmedPods.trim} of the whole pod: it reads
 *       nothing this skips. The event handlers read only what the trimmed pod keeps.
 *   <li>The parts that are read (metadata, affinity, conditions, container states) are read by the mapper's own
 *       deserializers, so their coercions and errors are those of a whole pod; a spec or status that is not an
 *       object fails as it would there.
 * </ul>
 */
final class CachedPodDeserializer extends ValueDeserializer<Pod> {
    @Override
    public Pod deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        }
        if (t != JsonToken.PROPERTY_NAME && t != JsonToken.END_OBJECT) {
            return (Pod) ctxt.handleUnexpectedToken(Pod.class, p);
        }
        Pod pod = LeanModel.pod();
        boolean identityOnly = false;
        for (; t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "apiVersion" -> pod.setApiVersion(text(p));
                case "kind" -> pod.setKind(text(p));
                case "metadata" -> {
                    pod.setMetadata(read(p, ctxt, ObjectMeta.class));
                    identityOnly = TrimmedPods.keepsIdentityOnly(pod);
                }
                case "spec" -> {
                    if (identityOnly) {
                        p.skipChildren();
                    } else {
                        pod.setSpec(spec(p, ctxt));
                    }
                }
                case "status" -> {
                    if (identityOnly) {
                        p.skipChildren();
                    } else {
                        pod.setStatus(status(pod, p, ctxt));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return pod;
    }

    private static PodSpec spec(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return (PodSpec) ctxt.handleUnexpectedToken(PodSpec.class, p);
        }
        PodSpec spec = LeanModel.podSpec();
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            if (!TrimmedPods.SPEC_FIELDS_READ.contains(name)) {
                p.skipChildren();
            } else if (name.equals("nodeName")) {
                spec.setNodeName(text(p));
            } else {
                spec.setAffinity(read(p, ctxt, Affinity.class));
            }
        }
        return spec;
    }

    /**
     * {@link TrimmedPods#STATUS_FIELDS_READ}, but the container states of a pod its conditions say is Ready, which
     * the cache does not keep: the API server writes the conditions before them. Written after them, the conditions
     * come too late to tell, and the states are read.
     */
    private static PodStatus status(Pod pod, JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return (PodStatus) ctxt.handleUnexpectedToken(PodStatus.class, p);
        }
        PodStatus status = LeanModel.podStatus();
        pod.setStatus(status);
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            if (!TrimmedPods.STATUS_FIELDS_READ.contains(name)) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "phase" -> status.setPhase(text(p));
                case "reason" -> status.setReason(text(p));
                case "message" -> status.setMessage(text(p));
                case "conditions" -> status.setConditions(list(p, ctxt, PodCondition.class));
                default -> {
                    if (!TrimmedPods.keepsContainerStatuses(pod)) {
                        p.skipChildren();
                    } else if (name.equals("containerStatuses")) {
                        status.setContainerStatuses(list(p, ctxt, ContainerStatus.class));
                    } else {
                        status.setInitContainerStatuses(list(p, ctxt, ContainerStatus.class));
                    }
                }
            }
        }
        return status;
    }

    private static <T> List<T> list(JsonParser p, DeserializationContext ctxt, Class<T> of) throws JacksonException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        return ctxt.readValue(p, ctxt.getTypeFactory().constructCollectionType(List.class, of));
    }

    /** A string value, or null for null or another type (a structure is skipped, so reading goes on after it). */
    private static String text(JsonParser p) throws JacksonException {
        String value = p.getValueAsString();
        p.skipChildren();
        return value;
    }

    private static <T> T read(JsonParser p, DeserializationContext ctxt, Class<T> type) throws JacksonException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : ctxt.readValue(p, type);
    }

    @Override
    public Class<?> handledType() {
        return Pod.class;
    }
}
