package dev.daemonset.operator.sandbox.sim;

import dev.daemonset.operator.sandbox.apiserver.ApiDispatcher;
import dev.daemonset.operator.sandbox.apiserver.DeletePolicies;
import dev.daemonset.operator.sandbox.apiserver.Json;
import dev.daemonset.operator.sandbox.apiserver.ObjectStore;
import dev.daemonset.operator.sandbox.apiserver.ResourceRegistry;
import dev.daemonset.operator.sandbox.apiserver.ResourceType;
import dev.daemonset.operator.sandbox.apiserver.StoreEvent;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The garbage collector, fed by the store's change feed. When an object goes, the objects that list
 * it in their ownerReferences (matched by uid) are deleted in the background, or, when the delete asked
 * for {@code propagationPolicy: Orphan}, lose that ownerReference instead; a dependent that still has
 * other owners only loses the reference. When a node goes, the pods bound to it are deleted.
 * Foreground deletion is treated as Background.
 *
 * <p>As in Kubernetes, Orphan strips the references before the owner disappears (the API server's
 * orphan finalizer), so a controller that sees the owner gone never sees its former dependents
 * still owned; and a dependent created after its owner went (a controller acting on a stale cache)
 * is collected too, as the real collector collects dangling references.
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final ObjectStore store;
    private final ApiDispatcher api;
    private final ResourceRegistry registry;
    private final DeletePolicies policies;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-garbage-collector");
        t.setDaemon(true);
        return t;
    });
    // owner uid -> paths of its dependents; pod path -> its node; node -> pod paths (all touched on the executor only)
    private final Map<String, Set<String>> dependents = new HashMap<>();
    private final Map<String, Set<String>> ownersOf = new HashMap<>();
    private final Map<String, Set<String>> podsOnNode = new HashMap<>();
    private final Map<String, String> nodeOfPod = new HashMap<>();
    private final Consumer<StoreEvent> listener = this::onEvent;
    /** Owners already collected, by uid, with the policy used: dependents that still name one are dangling. */
    private final Map<String, String> goneOwners = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    };

    public GarbageCollector(ObjectStore store, ApiDispatcher api, ResourceRegistry registry, DeletePolicies policies) {
        this.store = store;
        this.api = api;
        this.registry = registry;
        this.policies = policies;
    }

    public void start() {
        store.subscribe(null, listener);
        policies.beforeOrphanDelete(this::orphanBeforeDelete);
    }

    /**
     * Called by the API server before it removes an object deleted with Orphan: strips the references
     * to it now, after every change already announced has been indexed.
     */
    public void orphanBeforeDelete(String ownerUid) {
        try {
            executor.submit(() -> {
                        Set<String> paths = dependents.get(ownerUid);
                        if (paths != null) {
                            for (String path : Set.copyOf(paths)) {
                                release(path, ownerUid, DeletePolicies.ORPHAN);
                            }
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException
                | RejectedExecutionException e) {
            LOG.warn("could not orphan the dependents of {} before deleting it: {}", ownerUid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onEvent(StoreEvent event) {
        try {
            executor.execute(() -> {
                try {
                    handle(event);
                } catch (RuntimeException e) {
                    LOG.warn("garbage collection after {} of {} failed", event.type(), Json.name(event.object()), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void handle(StoreEvent event) {
        JsonNode obj = event.object();
        Optional<ResourceType> type = registry.forObject(obj);
        if (type.isEmpty()) {
            return;
        }
        String path = type.get().objectPath(Json.namespace(obj), Json.name(obj));
        boolean isPod = type.get().isCore() && "pods".equals(type.get().plural());
        if ("DELETED".equals(event.type())) {
            unindex(path);
            if (isPod) {
                unindexPod(path);
            }
            collect(obj, type.get());
        } else {
            index(path, obj);
            if (isPod) {
                indexPod(path, Json.text(obj.path("spec").path("nodeName")));
            }
            collectIfDangling(path, obj);
        }
    }

    private void collectIfDangling(String path, JsonNode obj) {
        for (JsonNode ref : Json.elements(obj.path("metadata").path("ownerReferences"))) {
            String uid = Json.text(ref.path("uid"));
            String policy = uid == null ? null : goneOwners.get(uid);
            if (policy != null) {
                LOG.info("collecting {}: its owner {} is gone", path, uid);
                release(path, uid, policy);
                return;
            }
        }
    }

    private void index(String path, JsonNode obj) {
        Set<String> owners = new HashSet<>();
        for (JsonNode ref : Json.elements(obj.path("metadata").path("ownerReferences"))) {
            String uid = Json.text(ref.path("uid"));
            if (uid != null) {
                owners.add(uid);
            }
        }
        Set<String> previous = owners.isEmpty() ? ownersOf.remove(path) : ownersOf.put(path, owners);
        if (previous != null) {
            for (String uid : previous) {
                if (!owners.contains(uid)) {
                    removeDependent(uid, path);
                }
            }
        }
        for (String uid : owners) {
            dependents.computeIfAbsent(uid, u -> new HashSet<>()).add(path);
        }
    }

    private void unindex(String path) {
        Set<String> previous = ownersOf.remove(path);
        if (previous != null) {
            previous.forEach(uid -> removeDependent(uid, path));
        }
    }

    private void removeDependent(String uid, String path) {
        Set<String> set = dependents.get(uid);
        if (set != null) {
            set.remove(path);
            if (set.isEmpty()) {
                dependents.remove(uid);
            }
        }
    }

    private void indexPod(String path, String node) {
        String previous = node == null ? nodeOfPod.remove(path) : nodeOfPod.put(path, node);
        if (previous != null && !previous.equals(node)) {
            Set<String> set = podsOnNode.get(previous);
            if (set != null) {
                set.remove(path);
            }
        }
        if (node != null) {
            podsOnNode.computeIfAbsent(node, n -> new HashSet<>()).add(path);
        }
    }

    private void unindexPod(String path) {
        String node = nodeOfPod.remove(path);
        if (node != null && podsOnNode.containsKey(node)) {
            podsOnNode.get(node).remove(path);
        }
    }

    private void collect(JsonNode owner, ResourceType type) {
        String uid = Json.uid(owner);
        String policy = policies.take(uid);
        if (type.isCore() && "nodes".equals(type.plural())) {
            Set<String> pods = podsOnNode.remove(Json.name(owner));
            if (pods != null) {
                for (String podPath : Set.copyOf(pods)) {
                    delete(podPath);
                }
            }
        }
        goneOwners.put(uid, policy);
        Set<String> paths = dependents.remove(uid);
        if (paths == null) {
            return;
        }
        for (String path : Set.copyOf(paths)) {
            release(path, uid, policy);
        }
    }

    /** Deletes the dependent, or under Orphan (or other owners remaining) drops its reference to uid. */
    private void release(String path, String uid, String policy) {
        MockResponse current = api.call(HttpMethod.GET, path, null, null);
        if (current.code() != 200) {
            return;
        }
        JsonNode dependent = Json.parse(ApiDispatcher.body(current));
        ArrayNode remaining = Json.array();
        for (JsonNode ref : Json.elements(dependent.path("metadata").path("ownerReferences"))) {
            if (!uid.equals(Json.text(ref.path("uid")))) {
                remaining.add(ref);
            }
        }
        if (DeletePolicies.ORPHAN.equals(policy) || !remaining.isEmpty()) {
            ObjectNode patch = Json.object();
            ObjectNode metadata = patch.putObject("metadata");
            if (remaining.isEmpty()) {
                metadata.putNull("ownerReferences");
            } else {
                metadata.set("ownerReferences", remaining);
            }
            api.call(HttpMethod.PATCH, path, "application/merge-patch+json", Json.write(patch));
        } else {
            delete(path);
        }
    }

    private void delete(String path) {
        MockResponse response = api.call(HttpMethod.DELETE, path, null, null);
        if (response.code() >= 400 && response.code() != 404) {
            LOG.warn("garbage collector could not delete {}: {}", path, response.code());
        }
    }

    @Override
    public void close() {
        store.removeListener(listener);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
