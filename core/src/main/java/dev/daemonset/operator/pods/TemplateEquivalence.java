package dev.daemonset.operator.pods;

import dev.daemonset.operator.client.SharedSerialization;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * When two pod templates are the same template: equal once the API server's defaults are filled in
 * and quantities are written one way. For apps/v1 the API server defaults the stored template, so
 * adding {@code protocol: TCP}, {@code imagePullPolicy: IfNotPresent} to a tagged image or writing
 * {@code cpu: 0.01} for {@code 10m} changes nothing and restarts no pod; a custom resource is stored
 * as written, so the operator applies the same defaults before it compares a template with its
 * revisions.
 *
 * <p>Used only to find the revision a template belongs to, never for the hash: the hash of every
 * template stays what it was, so an operator upgrade restarts no pod.
 */
public final class TemplateEquivalence {
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;
    static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    static final int DEFAULT_MODE = 0644;

    private TemplateEquivalence() {}

    /**
     * The canonical JSON of the template with the API server's defaults filled in. The defaults go into the
     * template's JSON tree, not into a copy of the model: copying the model meant reading it back through
     * Jackson, which builds a deserializer for every class a pod spec reaches, and a one-shot command such as
     * explain spent a third of its run on that.
     */
    public static String key(PodTemplateSpec template) {
        JsonNode tree = SERIALIZATION.convertValue(template, JsonNode.class);
        if (tree instanceof ObjectNode root && root.get("spec") instanceof ObjectNode spec) {
            defaultPod(spec);
        }
        return TemplateHasher.canonicalJson(tree);
    }

    private static void defaultPod(ObjectNode spec) {
        orDefault(spec, "restartPolicy", "Always");
        orDefault(spec, "dnsPolicy", "ClusterFirst");
        orDefault(spec, "schedulerName", "default-scheduler");
        if (absent(spec, "terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30L);
        }
        if (absent(spec, "enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        if (absent(spec, "securityContext")) {
            spec.putObject("securityContext");
        }
        if (absent(spec, "serviceAccount") && !absent(spec, "serviceAccountName")) {
            spec.set("serviceAccount", spec.get("serviceAccountName"));
        } else if (absent(spec, "serviceAccountName") && !absent(spec, "serviceAccount")) {
            spec.set("serviceAccountName", spec.get("serviceAccount"));
        }
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        defaultContainers(spec.get("containers"), hostNetwork);
        defaultContainers(spec.get("initContainers"), hostNetwork);
        objects(spec.get("volumes")).forEach(TemplateEquivalence::defaultVolume);
    }

    private static void defaultContainers(JsonNode containers, boolean hostNetwork) {
        for (ObjectNode c : objects(containers)) {
            JsonNode image = c.get("image");
            orDefault(c, "imagePullPolicy", pullPolicyFor(image == null || image.isNull() ? null : image.asString()));
            orDefault(c, "terminationMessagePath", DEFAULT_TERMINATION_MESSAGE_PATH);
            orDefault(c, "terminationMessagePolicy", "File");
            for (ObjectNode p : objects(c.get("ports"))) {
                orDefault(p, "protocol", "TCP");
                if (hostNetwork && absent(p, "hostPort") && !absent(p, "containerPort")) {
                    p.set("hostPort", p.get("containerPort"));
                }
            }
            for (ObjectNode e : objects(c.get("env"))) {
                if (e.path("valueFrom").get("fieldRef") instanceof ObjectNode fieldRef) {
                    orDefault(fieldRef, "apiVersion", "v1");
                }
            }
            defaultProbe(c.get("livenessProbe"));
            defaultProbe(c.get("readinessProbe"));
            defaultProbe(c.get("startupProbe"));
            if (c.get("resources") instanceof ObjectNode resources) {
                normalizeResources(resources);
            }
        }
    }

    /** As the API server: Always for {@code :latest} or no tag (unless pinned by digest), else IfNotPresent. */
    static String pullPolicyFor(String image) {
        if (image == null) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void defaultProbe(JsonNode node) {
        if (!(node instanceof ObjectNode p)) {
            return;
        }
        orDefault(p, "timeoutSeconds", 1);
        orDefault(p, "periodSeconds", 10);
        orDefault(p, "successThreshold", 1);
        orDefault(p, "failureThreshold", 3);
        if (p.get("httpGet") instanceof ObjectNode httpGet) {
            orDefault(httpGet, "scheme", "HTTP");
            orDefault(httpGet, "path", "/");
        }
    }

    /** Quantities by value ({@code 0.01} and {@code 10m} alike); limits without requests are the requests too. */
    private static void normalizeResources(ObjectNode r) {
        Map<String, JsonNode> limits = normalized(r.get("limits"));
        Map<String, JsonNode> requests = normalized(r.get("requests"));
        if (limits != null) {
            Map<String, JsonNode> withDefaults = requests == null ? new LinkedHashMap<>() : requests;
            limits.forEach(withDefaults::putIfAbsent);
            requests = withDefaults;
        }
        replace(r, "limits", limits);
        replace(r, "requests", requests);
    }

    private static Map<String, JsonNode> normalized(JsonNode quantities) {
        if (!(quantities instanceof ObjectNode map) || map.isEmpty()) {
            return null;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        map.properties().forEach(e -> out.put(e.getKey(), byValue(e.getValue())));
        return out;
    }

    private static JsonNode byValue(JsonNode q) {
        if (!q.isString()) {
            return q;
        }
        try {
            BigDecimal value = Quantity.getAmountInBytes(new Quantity(q.asString()));
            return StringNode.valueOf(value.stripTrailingZeros().toPlainString());
        } catch (RuntimeException unparsable) {
            return q; // the API server would have refused it; compare it as written
        }
    }

    private static void replace(ObjectNode owner, String field, Map<String, JsonNode> values) {
        if (values == null) {
            owner.remove(field);
        } else {
            owner.putObject(field).setAll(values);
        }
    }

    private static void defaultVolume(ObjectNode v) {
        for (String source : new String[] {"configMap", "secret", "downwardAPI", "projected"}) {
            if (v.get(source) instanceof ObjectNode s) {
                orDefault(s, "defaultMode", DEFAULT_MODE);
            }
        }
        if (v.get("hostPath") instanceof ObjectNode hostPath) {
            orDefault(hostPath, "type", "");
        }
    }

    /** The elements of a JSON array that are objects; none for anything else. */
    private static Iterable<ObjectNode> objects(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(array.size());
        array.forEach(element -> {
            if (element instanceof ObjectNode o) {
                out.add(o);
            }
        });
        return out;
    }

    private static boolean absent(ObjectNode owner, String field) {
        JsonNode value = owner.get(field);
        return value == null || value.isNull();
    }

    private static void orDefault(ObjectNode owner, String field, String fallback) {
        if (absent(owner, field)) {
            owner.put(field, fallback);
        }
    }

    private static void orDefault(ObjectNode owner, String field, int fallback) {
        if (absent(owner, field)) {
            owner.put(field, fallback);
        }
    }
}
