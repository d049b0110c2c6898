package dev.daemonset.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * Conditions read from a DaemonSet as stored, schema-less: the tests that store specs the Java model
 * cannot hold cannot read them back typed.
 */
public final class StoredConditions {
    private StoredConditions() {}

    /** The message of the condition of this type when it is True, else "". */
    @SuppressWarnings("unchecked")
    public static String trueMessage(GenericKubernetesResource ds, String type) {
        Object status = ds == null ? null : ds.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return "";
        }
        return conditions.stream()
                .map(c -> (Map<String, Object>) c)
                .filter(c -> type.equals(c.get("type")) && "True".equals(c.get("status")))
                .map(c -> String.valueOf(c.get("message")))
                .findFirst()
                .orElse("");
    }
}
