package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.JsonParserSequence;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Reads the object of a watch event as it streams in. fabric8 reads every event's object into a JSON tree first,
 * to find its kind, and then the tree into the object: for a pod, the tree alone cost more than the pod. Here the
 * properties before {@code kind} (none, as the API server writes objects) are held back, and the object is read from
 * them and the rest of the stream: a pod by the pod cache's own deserializer, anything else (a Status on an ERROR
 * event) by fabric8's.
 */
final class WatchedObjectDeserializer extends ValueDeserializer<Object> {
    private static final String KIND = "kind";

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return ctxt.readValue(p, KubernetesResource.class);
        }
        TokenBuffer before = TokenBuffer.forBuffering(p, ctxt);
        before.writeStartObject();
        String kind = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            before.writeName(name);
            p.nextToken();
            if (KIND.equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                kind = p.getString();
                before.writeString(kind);
                break;
            }
            before.copyCurrentStructure(p);
        }
        JsonParser object;
        if (kind == null) {
            // the whole object is in the buffer: it had no kind
            before.writeEndObject();
            object = before.asParserOnFirstToken(ctxt);
        } else {
            object = JsonParserSequence.createFlattened(false, before.asParserOnFirstToken(ctxt), p);
        }
        Class<?> type = "Pod".equals(kind) ? Pod.class : KubernetesResource.class;
        return ctxt.readValue(object, type);
    }
}
