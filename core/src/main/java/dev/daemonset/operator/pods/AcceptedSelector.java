package dev.daemonset.operator.pods;

import dev.daemonset.operator.client.SharedSerialization;
import dev.daemonset.operator.plan.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The selector a DaemonSet was accepted with, as recorded on every ControllerRevision the operator
 * writes for it (annotation {@value #ANNOTATION}), so that selector immutability outlives the process:
 * after a restart or a failover the operator reads it from the DaemonSet's own revisions.
 *
 * <p>The record names the DaemonSet's UID: a revision adopted from a deleted DaemonSet (one deleted
 * with {@code --cascade=orphan}, then re-created) carries its former owner's record, which says nothing
 * about the new owner. Selectors are compared as upstream compares them (an absent list or map is the
 * same as an empty one; the order of expressions and values counts), through a SHA-256 of their
 * canonical JSON. A selector whose JSON exceeds {@link #MAX_INLINE} characters is recorded by that
 * digest alone, as annotations are limited to 256 KiB in all.
 *
 * @param canonicalJson the selector as canonical JSON, or null when only its digest is known
 * @param sha256 the hex SHA-256 of the canonical JSON
 */
public record AcceptedSelector(String canonicalJson, String sha256) {
    public static final String ANNOTATION = "daemonset.dev/selector";
    static final int MAX_INLINE = 32 * 1024;
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;

    public static AcceptedSelector of(LabelSelector selector) {
        String json = canonicalJson(selector);
        return new AcceptedSelector(json, sha256(json));
    }

    public boolean matches(LabelSelector selector) {
        return sha256.equals(of(selector).sha256);
    }

    /** kubectl-style text for messages, or the digest's start when only the digest was recorded. */
    public String describe() {
        if (canonicalJson == null) {
            return "a selector recorded by its digest sha256:" + sha256.substring(0, 12);
        }
        return LabelSelectors.describe(SERIALIZATION.unmarshal(canonicalJson, LabelSelector.class));
    }

    /** The annotation's value on a revision written for the DaemonSet with {@code daemonSetUid}. */
    public String annotationValue(String daemonSetUid) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("daemonSetUid", daemonSetUid);
        if (canonicalJson != null && canonicalJson.length() <= MAX_INLINE) {
            record.put("selector", SERIALIZATION.unmarshal(canonicalJson, Map.class));
        } else {
            record.put("selectorSha256", sha256);
        }
        return SERIALIZATION.asJson(record);
    }

    /** The selector recorded on {@code revision} for the DaemonSet with this UID, or null if none is. */
    public static AcceptedSelector recordedOn(ControllerRevision revision, String daemonSetUid) {
        Map<String, String> annotations = revision.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null) {
            return null;
        }
        try {
            Map<?, ?> record = SERIALIZATION.unmarshal(value, Map.class);
            if (record == null || !daemonSetUid.equals(record.get("daemonSetUid"))) {
                return null;
            }
            if (record.get("selector") instanceof Map<?, ?> selector) {
                return of(SERIALIZATION.convertValue(selector, LabelSelector.class));
            }
            return record.get("selectorSha256") instanceof String digest && digest.length() == 64
                    ? new AcceptedSelector(null, digest)
                    : null;
        } catch (RuntimeException unreadable) {
            return null; // edited by hand into something else: as if not recorded
        }
    }

    /** Sorted matchLabels, expressions in their order, empty and absent parts left out. */
    static String canonicalJson(LabelSelector selector) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (selector != null
                && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty()) {
            out.put("matchLabels", new TreeMap<>(selector.getMatchLabels()));
        }
        if (selector != null
                && selector.getMatchExpressions() != null
                && !selector.getMatchExpressions().isEmpty()) {
            List<Map<String, Object>> expressions = new ArrayList<>();
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", r.getKey());
                e.put("operator", r.getOperator());
                if (r.getValues() != null && !r.getValues().isEmpty()) {
                    e.put("values", r.getValues());
                }
                expressions.add(e);
            }
            out.put("matchExpressions", expressions);
        }
        return SERIALIZATION.asJson(out);
    }

    private static String sha256(String json) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
