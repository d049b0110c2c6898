package dev.daemonset.operator.sandbox.sim;

import dev.daemonset.operator.sandbox.apiserver.ApiDispatcher;
import dev.daemonset.operator.sandbox.apiserver.DisruptionBudgets;
import dev.daemonset.operator.sandbox.apiserver.Json;
import dev.daemonset.operator.sandbox.apiserver.ObjectStore;
import dev.daemonset.operator.sandbox.apiserver.ResourceRegistry;
import dev.daemonset.operator.sandbox.apiserver.ResourceType;
import dev.daemonset.operator.sandbox.apiserver.StoreEvent;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The disruption controller: keeps the status of every PodDisruptionBudget (expectedPods,
 * desiredHealthy, currentHealthy, disruptionsAllowed, the DisruptionAllowed condition) in step with the
 * pods it selects. Fed by the store's change feed; a pod change is looked at only in a namespace that has
 * budgets, so clusters without any pay nothing but the check.
 */
public final class DisruptionController implements AutoCloseable {
    private final ObjectStore store;
    private final ApiDispatcher api;
    private final ResourceRegistry registry;
    private final ResourceType pods;
    private final ResourceType budgets;
    private final Clock clock;
    /** Budgets per namespace, as the feed announced them. */
    private final Map<String, Integer> budgetCount = new ConcurrentHashMap<>();

    private final KeyedWorker worker = new KeyedWorker("disruption-controller", this::sync);
    private final Consumer<StoreEvent> listener = this::onEvent;

    public DisruptionController(ObjectStore store, ApiDispatcher api, ResourceRegistry registry, Clock clock) {
        this.store = store;
        this.api = api;
        this.registry = registry;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.budgets = registry.find("policy", "v1", "poddisruptionbudgets").orElseThrow();
        this.clock = clock;
    }

    public void start() {
        store.addListener(listener);
        for (JsonNode pdb : store.list(budgets, null)) {
            budgetCount.merge(Json.namespace(pdb), 1, Integer::sum);
            worker.enqueue(Json.namespace(pdb));
        }
    }

    private void onEvent(StoreEvent event) {
        JsonNode obj = event.object();
        String namespace = Json.namespace(obj);
        if (namespace == null) {
            return;
        }
        if (ObjectStore.isOf(budgets, obj)) {
            if ("ADDED".equals(event.type())) {
                budgetCount.merge(namespace, 1, Integer::sum);
            } else if ("DELETED".equals(event.type())) {
                budgetCount.computeIfPresent(namespace, (k, n) -> n <= 1 ? null : n - 1);
            }
            worker.enqueue(namespace);
        } else if (budgetCount.containsKey(namespace) && ObjectStore.isOf(pods, obj)) {
            worker.enqueue(namespace);
        }
    }

    private void sync(String namespace) {
        List<JsonNode> nsPods = store.list(pods, namespace);
        var scales = DisruptionBudgets.controllerScales(registry, api);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode pdb : store.list(budgets, namespace)) {
            ObjectNode status = DisruptionBudgets.status(pdb, DisruptionBudgets.budget(pdb, nsPods, scales), now);
            if (status.equals(pdb.path("status"))) {
                continue;
            }
            ObjectNode updated = (ObjectNode) pdb.deepCopy();
            updated.set("status", status);
            MockResponse r = api.call(
                    HttpMethod.PUT,
                    budgets.objectPath(namespace, Json.name(pdb)) + "/status",
                    "application/json",
                    Json.write(updated));
            if (r.code() == 409) {
                // changed meanwhile: the change's own event queues the namespace again
                continue;
            }
            if (r.code() >= 400 && r.code() != 404) {
                throw new IllegalStateException("PUT status of PodDisruptionBudget " + namespace + "/" + Json.name(pdb)
                        + ": " + r.code() + " " + ApiDispatcher.body(r));
            }
        }
    }

    @Override
    public void close() {
        store.removeListener(listener);
        worker.close();
    }
}
