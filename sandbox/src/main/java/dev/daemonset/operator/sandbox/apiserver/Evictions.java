package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pods/eviction subresource ({@code POST .../pods/NAME/eviction} with a policy/v1 or policy/v1beta1
 * Eviction): deletes the pod as a DELETE with the Eviction's deleteOptions would, unless that would break
 * the PodDisruptionBudget that selects it, as the API server decides:
 * <ul>
 *   <li>a pod that is Pending, Succeeded, Failed or already terminating is deleted without a look at budgets;
 *   <li>more than one budget selecting the pod is an internal error (500);
 *   <li>an unhealthy (not Ready) pod is deleted when the budget's unhealthyPodEvictionPolicy is AlwaysAllow,
 *       or (IfHealthyBudget, the default) when the budget has its desired healthy pods;
 *   <li>otherwise the pod goes only when the budget allows a disruption, else 429 TooManyRequests.
 * </ul>
 * Budgets are computed from the stored pods at the time of the eviction; evictions run one at a time, so
 * two concurrent evictions cannot both take the last allowed disruption.
 */
final class Evictions {
    static final String SUBRESOURCE = "eviction";
    static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String MULTIPLE_BUDGETS =
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

    private final ApiDispatcher dispatcher;
    private final ObjectStore store;
    private final ResourceRegistry registry;

    Evictions(ApiDispatcher dispatcher, ObjectStore store, ResourceRegistry registry) {
        this.dispatcher = dispatcher;
        this.store = store;
        this.registry = registry;
    }

    static boolean isPods(ResourceType type) {
        return type.isCore() && "pods".equals(type.plural());
    }

    synchronized MockResponse evict(RequestInfo info, String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "BadRequest", "the request body must be an Eviction");
        }
        JsonNode eviction = Json.parse(body);
        if (!eviction.isObject()) {
            throw new ApiException(400, "BadRequest", "the request body must be an Eviction");
        }
        String apiVersion = Json.text(eviction.path("apiVersion"));
        String kind = Json.text(eviction.path("kind"));
        if ((apiVersion != null && !apiVersion.equals("policy/v1") && !apiVersion.equals("policy/v1beta1"))
                || (kind != null && !kind.equals("Eviction"))) {
            throw new ApiException(
                    400,
                    "BadRequest",
                    "no kind \"" + kind + "\" is registered for version \"" + apiVersion
                            + "\" in the eviction subresource");
        }
        String name = Json.text(eviction.path("metadata").path("name"));
        if (name != null && !name.isEmpty() && !name.equals(info.name())) {
            throw new ApiException(400, "BadRequest", "name in URL does not match name in Eviction object");
        }
        String namespace = Json.text(eviction.path("metadata").path("namespace"));
        if (namespace != null && !namespace.isEmpty() && !namespace.equals(info.namespace())) {
            throw new ApiException(
                    400,
                    "BadRequest",
                    "the namespace of the provided object does not match the namespace " + "sent on the request");
        }
        ResourceType pods = registry.find("", "v1", "pods").orElseThrow();
        String podPath = pods.objectPath(info.namespace(), info.name());
        MockResponse current = dispatcher.call(HttpMethod.GET, podPath, null, null);
        if (current.code() != 200) {
            return current;
        }
        JsonNode pod = Json.parse(ApiDispatcher.body(current));
        JsonNode deleteOptions = eviction.path("deleteOptions");
        boolean dryRun = isDryRun(info.param("dryRun"))
                || Json.elements(deleteOptions.path("dryRun")).size() > 0;
        if (!canIgnoreBudgets(pod)) {
            List<JsonNode> budgets = store.list(budgetType(), info.namespace()).stream()
                    .filter(pdb -> DisruptionBudgets.selects(pdb, pod))
                    .toList();
            if (budgets.size() > 1) {
                ObjectNode details = Json.object();
                details.putArray("causes").addObject().put("message", MULTIPLE_BUDGETS);
                throw new ApiException(500, "InternalError", "Internal error occurred: " + MULTIPLE_BUDGETS, details);
            }
            if (budgets.size() == 1) {
                checkBudget(budgets.get(0), pod, info.namespace());
            }
        }
        if (dryRun) {
            return success();
        }
        String options = deleteOptions.isObject() ? Json.write(deleteOptions) : null;
        MockResponse deleted =
                dispatcher.call(HttpMethod.DELETE, podPath, options == null ? null : "application/json", options);
        return deleted.code() >= 300 ? deleted : success();
    }

    private void checkBudget(JsonNode pdb, JsonNode pod, String namespace) {
        DisruptionBudgets.Budget budget = DisruptionBudgets.budget(
                pdb, store.list(podType(), namespace), DisruptionBudgets.controllerScales(registry, dispatcher));
        if (!DisruptionBudgets.isReady(pod)) {
            if ("AlwaysAllow".equals(Json.text(pdb.path("spec").path("unhealthyPodEvictionPolicy")))) {
                return;
            }
            if (budget.currentHealthy() >= budget.desiredHealthy() && budget.desiredHealthy() > 0) {
                return;
            }
        }
        if (budget.disruptionsAllowed() <= 0) {
            ObjectNode details = Json.object();
            ObjectNode cause = details.putArray("causes").addObject();
            cause.put("reason", "DisruptionBudget");
            cause.put(
                    "message",
                    "The disruption budget " + Json.name(pdb) + " needs " + budget.desiredHealthy()
                            + " healthy pods and has " + budget.currentHealthy() + " currently");
            throw new ApiException(429, "TooManyRequests", VIOLATION, details);
        }
    }

    /** Pods that do not count against a budget: not started, finished, or already going. */
    private static boolean canIgnoreBudgets(JsonNode pod) {
        String phase = Json.text(pod.path("status").path("phase"), "");
        return phase.equals("Pending")
                || phase.equals("Succeeded")
                || phase.equals("Failed")
                || pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    private ResourceType budgetType() {
        return registry.find("policy", "v1", "poddisruptionbudgets").orElseThrow();
    }

    private ResourceType podType() {
        return registry.find("", "v1", "pods").orElseThrow();
    }

    private static boolean isDryRun(String param) {
        return param != null && !param.isEmpty();
    }

    private static MockResponse success() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return new MockResponse()
                .setResponseCode(201)
                .setHeader("Content-Type", "application/json")
                .setBody(Json.write(status));
    }
}
