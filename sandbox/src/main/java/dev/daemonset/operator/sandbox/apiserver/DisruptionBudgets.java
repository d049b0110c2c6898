package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PodDisruptionBudget arithmetic as the disruption controller does it: which pods a budget selects, how
 * many of them are healthy, how many must be, and so how many disruptions are allowed.
 *
 * <p>The expected number of pods comes from the pods' controllers (see {@link #budget}); unlike upstream, a
 * DaemonSet's desired number of pods counts as its scale, and a pod without a controller counts itself.
 */
public final class DisruptionBudgets {
    public static final String DISRUPTION_ALLOWED = "DisruptionAllowed";

    private DisruptionBudgets() {}

    /**
     * What a budget's status says.
     *
     * @param expectedPods pods the budget counts
     * @param desiredHealthy pods that must stay healthy
     * @param currentHealthy pods Ready and not terminating
     * @param disruptionsAllowed how many more of them may go now
     */
    public record Budget(int expectedPods, int desiredHealthy, int currentHealthy, int disruptionsAllowed) {}

    /**
     * True when {@code pdb} selects {@code pod} (same namespace). In policy/v1 a missing selector selects
     * nothing and an empty one ({@code {}}) every pod of the namespace.
     */
    public static boolean selects(JsonNode pdb, JsonNode pod) {
        if (!java.util.Objects.equals(Json.namespace(pdb), Json.namespace(pod))) {
            return false;
        }
        JsonNode selector = pdb.path("spec").path("selector");
        if (!selector.isObject()) {
            return false;
        }
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(selectorString(selector));
        } catch (IllegalArgumentException e) {
            // an invalid selector selects nothing, as upstream
            return false;
        }
        return parsed.matches(WatchFilter.labelsOf(pod));
    }

    /** A metav1.LabelSelector object written as a selector string ({@code matchLabels} and {@code matchExpressions}). */
    static String selectorString(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        Map<String, JsonNode> labels = new LinkedHashMap<>();
        selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue()));
        labels.forEach((k, v) -> terms.add(k + "=" + Json.text(v, "")));
        for (JsonNode e : Json.elements(selector.path("matchExpressions"))) {
            String key = Json.text(e.path("key"), "");
            List<String> values = Json.elements(e.path("values")).stream()
                    .map(v -> Json.text(v, ""))
                    .toList();
            String op = Json.text(e.path("operator"), "");
            terms.add(
                    switch (op) {
                        case "In" -> key + " in (" + String.join(",", values) + ")";
                        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                        case "Exists" -> key;
                        case "DoesNotExist" -> "!" + key;
                        default -> throw new IllegalArgumentException("unknown label selector operator " + op);
                    });
        }
        return String.join(",", terms);
    }

    /** True when the pod has the Ready condition True. */
    public static boolean isReady(JsonNode pod) {
        for (JsonNode c : Json.elements(pod.path("status").path("conditions"))) {
            if ("Ready".equals(Json.text(c.path("type")))) {
                return "True".equals(Json.text(c.path("status")));
            }
        }
        return false;
    }

    /** Ready and not being deleted: what a budget counts as healthy. */
    public static boolean isHealthy(JsonNode pod) {
        return !pod.path("metadata").hasNonNull("deletionTimestamp") && isReady(pod);
    }

    /**
     * The budget {@code pdb} has over {@code pods} (the pods of its namespace; those it does not select are
     * skipped). For maxUnavailable and a percentage minAvailable the expected number of pods is the scale of
     * their controllers, as {@code controllerScale} reads it from a pod's controller reference (null when
     * the controller is gone or has no scale: its pods then count themselves); a pod without a controller
     * counts itself (upstream leaves such pods out, so that no disruption is ever allowed).
     */
    public static Budget budget(JsonNode pdb, List<JsonNode> pods, Function<JsonNode, Integer> controllerScale) {
        int selected = 0;
        int healthy = 0;
        Map<String, Integer> scales = new LinkedHashMap<>();
        int counted = 0;
        for (JsonNode pod : pods) {
            if (!selects(pdb, pod)) {
                continue;
            }
            selected++;
            if (isHealthy(pod)) {
                healthy++;
            }
            JsonNode controller = controllerOf(pod);
            String uid = controller == null ? null : Json.text(controller.path("uid"));
            if (uid == null) {
                counted++;
            } else if (!scales.containsKey(uid)) {
                scales.put(uid, controllerScale.apply(controllerWithNamespace(controller, Json.namespace(pod))));
            }
            if (uid != null && scales.get(uid) == null) {
                counted++;
            }
        }
        int scaled = counted
                + scales.values().stream()
                        .filter(java.util.Objects::nonNull)
                        .mapToInt(Integer::intValue)
                        .sum();
        JsonNode spec = pdb.path("spec");
        int expected;
        int desired;
        if (spec.hasNonNull("maxUnavailable")) {
            expected = scaled;
            desired = Math.max(0, expected - scaled(spec.get("maxUnavailable"), expected));
        } else if (spec.hasNonNull("minAvailable") && spec.get("minAvailable").isNumber()) {
            expected = selected;
            desired = spec.get("minAvailable").asInt();
        } else if (spec.hasNonNull("minAvailable")) {
            expected = scaled;
            desired = scaled(spec.get("minAvailable"), expected);
        } else {
            expected = selected;
            desired = 0;
        }
        int allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0) {
            allowed = 0;
        }
        return new Budget(expected, desired, healthy, allowed);
    }

    /** The ownerReference with {@code controller: true}, or null. */
    public static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode ref : Json.elements(obj.path("metadata").path("ownerReferences"))) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    /**
     * Reads a controller reference's scale from the API ({@link #scaleOf}); null when the controller is not
     * stored (or is another object of that name) or has no scale.
     */
    public static Function<JsonNode, Integer> controllerScales(ResourceRegistry registry, ApiDispatcher api) {
        return ref -> registry.forObject(ref)
                .map(type -> {
                    io.fabric8.mockwebserver.http.MockResponse r = api.call(
                            io.fabric8.mockwebserver.dsl.HttpMethod.GET,
                            type.objectPath(Json.text(ref.path("namespace")), Json.text(ref.path("name"))),
                            null,
                            null);
                    if (r.code() != 200) {
                        return null;
                    }
                    JsonNode controller = Json.parse(ApiDispatcher.body(r));
                    return java.util.Objects.equals(Json.uid(controller), Json.text(ref.path("uid")))
                            ? scaleOf(controller)
                            : null;
                })
                .orElse(null);
    }

    private static JsonNode controllerWithNamespace(JsonNode ref, String namespace) {
        ObjectNode copy = (ObjectNode) ref.deepCopy();
        copy.put("namespace", namespace);
        return copy;
    }

    /**
     * The scale of a stored controller, as the disruption controller reads it: spec.replicas (default 1) of
     * the workloads that have one, status.desiredNumberScheduled of a DaemonSet; null for other kinds.
     */
    public static Integer scaleOf(JsonNode controller) {
        String kind = Json.text(controller.path("kind"), "");
        return switch (kind) {
            case "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController" ->
                controller.path("spec").path("replicas").asInt(1);
            case "DaemonSet" ->
                controller.path("status").path("desiredNumberScheduled").asInt(0);
            default -> null;
        };
    }

    /** An int-or-percent against {@code total}, a percentage rounded up, as intstr.GetScaledValueFromIntOrPercent. */
    static int scaled(JsonNode intOrPercent, int total) {
        if (intOrPercent.isNumber()) {
            return intOrPercent.asInt();
        }
        String s = Json.text(intOrPercent, "");
        if (s.endsWith("%")) {
            int percent;
            try {
                percent = Integer.parseInt(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + s + "\"");
            }
            return (int) Math.ceil(percent * (double) total / 100.0);
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid value for IntOrString: invalid type: string is not a percentage");
        }
    }

    /**
     * The status {@code pdb} should have for {@code budget}, keeping what it has (disruptedPods, the
     * condition's transition time) where nothing changed.
     */
    public static ObjectNode status(JsonNode pdb, Budget budget, String now) {
        JsonNode old = pdb.path("status");
        ObjectNode status = Json.object();
        if (pdb.path("metadata").has("generation")) {
            status.put(
                    "observedGeneration",
                    pdb.path("metadata").path("generation").asLong());
        }
        status.put("disruptionsAllowed", budget.disruptionsAllowed());
        status.put("currentHealthy", budget.currentHealthy());
        status.put("desiredHealthy", budget.desiredHealthy());
        status.put("expectedPods", budget.expectedPods());
        boolean allowed = budget.disruptionsAllowed() > 0;
        String conditionStatus = allowed ? "True" : "False";
        ObjectNode condition = Json.object();
        condition.put("type", DISRUPTION_ALLOWED);
        condition.put("status", conditionStatus);
        condition.put("reason", allowed ? "SufficientPods" : "InsufficientPods");
        condition.put("message", "");
        String transition = now;
        for (JsonNode c : Json.elements(old.path("conditions"))) {
            if (DISRUPTION_ALLOWED.equals(Json.text(c.path("type")))
                    && conditionStatus.equals(Json.text(c.path("status")))
                    && c.hasNonNull("lastTransitionTime")) {
                transition = Json.text(c.path("lastTransitionTime"));
            }
        }
        condition.put("lastTransitionTime", transition);
        if (status.has("observedGeneration")) {
            condition.put("observedGeneration", status.get("observedGeneration").asLong());
        }
        status.putArray("conditions").add(condition);
        return status;
    }
}
