package dev.daemonset.operator.pods;

import dev.daemonset.operator.client.SharedSerialization;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code controller-revision-hash} of a pod template: FNV-1a (32 bit) over the template's
 * canonical JSON plus the collision count, spelled with the same consonant-and-digit alphabet
 * upstream uses so the value never forms words and never looks like a number.
 *
 * <p>Canonical JSON (keys sorted, nulls dropped) makes the hash independent of field order in the
 * manifest, so re-applying the same template never starts a rollout.
 */
public final class TemplateHasher {
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;

    private TemplateHasher() {}

    public static String hash(PodTemplateSpec template, Integer collisionCount) {
        return hashCanonical(canonicalJson(template), collisionCount);
    }

    /** The hash of a template already rendered by {@link #canonicalJson}. */
    public static String hashCanonical(String canonicalJson, Integer collisionCount) {
        int h = FNV_OFFSET;
        for (byte b : canonicalJson.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int shift = 0; shift < 32; shift += 8) {
                h ^= (c >>> shift) & 0xff;
                h *= FNV_PRIME;
            }
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    public static String canonicalJson(PodTemplateSpec template) {
        return canonicalJson(SERIALIZATION.convertValue(template, JsonNode.class));
    }

    /** A template's JSON tree written canonically: keys sorted, nulls dropped. */
    static String canonicalJson(JsonNode tree) {
        StringBuilder out = new StringBuilder(1024);
        writeSorted(tree, out);
        return out.toString();
    }

    private static void writeSorted(JsonNode node, StringBuilder out) {
        if (node instanceof ObjectNode obj) {
            out.append('{');
            boolean first = true;
            for (String name : new java.util.TreeSet<>(obj.propertyNames())) {
                JsonNode child = obj.get(name);
                if (child == null || child.isNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"').append(name).append("\":");
                writeSorted(child, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeSorted(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static String safeEncode(String digits) {
        StringBuilder out = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            out.append(SAFE_ALPHABET.charAt(digits.charAt(i) % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }
}
