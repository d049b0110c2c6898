package dev.daemonset.operator.sandbox.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The resources the sandbox serves: a fixed set of built-in kinds plus every stored
 * CustomResourceDefinition (read on each call, so a CRD created through kubectl shows up at once).
 */
public final class ResourceRegistry {
    static final Set<String> BUILT_IN_GROUPS = Set.of(
            "apps",
            "coordination.k8s.io",
            "events.k8s.io",
            "apiextensions.k8s.io",
            "rbac.authorization.k8s.io",
            "policy");

    private static final List<ResourceType> BUILT_INS = List.of(
            ResourceType.builtIn("", "v1", "namespaces", "Namespace", false, true, List.of("ns"), List.of()),
            ResourceType.builtIn("", "v1", "nodes", "Node", false, true, List.of("no"), List.of()),
            ResourceType.builtIn("", "v1", "pods", "Pod", true, true, List.of("po"), List.of("all")),
            ResourceType.builtIn("", "v1", "events", "Event", true, false, List.of("ev"), List.of()),
            ResourceType.builtIn("", "v1", "configmaps", "ConfigMap", true, false, List.of("cm"), List.of()),
            ResourceType.builtIn("", "v1", "secrets", "Secret", true, false, List.of(), List.of()),
            ResourceType.builtIn("", "v1", "services", "Service", true, true, List.of("svc"), List.of("all")),
            ResourceType.builtIn("", "v1", "serviceaccounts", "ServiceAccount", true, false, List.of("sa"), List.of()),
            ResourceType.builtIn(
                    "apps", "v1", "controllerrevisions", "ControllerRevision", true, false, List.of(), List.of()),
            // stored and listed only (no controller acts on them): what the operator's own install (deploy/) needs
            ResourceType.builtIn(
                    "apps", "v1", "deployments", "Deployment", true, true, List.of("deploy"), List.of("all")),
            // the owners of the benchmark's application pods, so that garbage collection leaves those pods be
            ResourceType.builtIn("apps", "v1", "replicasets", "ReplicaSet", true, true, List.of("rs"), List.of("all")),
            ResourceType.builtIn(
                    "policy",
                    "v1",
                    "poddisruptionbudgets",
                    "PodDisruptionBudget",
                    true,
                    true,
                    List.of("pdb"),
                    List.of()),
            ResourceType.builtIn(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterroles",
                    "ClusterRole",
                    false,
                    false,
                    List.of(),
                    List.of()),
            ResourceType.builtIn(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterrolebindings",
                    "ClusterRoleBinding",
                    false,
                    false,
                    List.of(),
                    List.of()),
            ResourceType.builtIn("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false, List.of(), List.of()),
            ResourceType.builtIn(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "rolebindings",
                    "RoleBinding",
                    true,
                    false,
                    List.of(),
                    List.of()),
            ResourceType.builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, false, List.of(), List.of()),
            ResourceType.builtIn("events.k8s.io", "v1", "events", "Event", true, false, List.of("ev"), List.of()),
            ResourceType.builtIn(
                    "apiextensions.k8s.io",
                    "v1",
                    "customresourcedefinitions",
                    "CustomResourceDefinition",
                    false,
                    true,
                    List.of("crd", "crds"),
                    List.of("api-extensions")));

    private final Supplier<List<JsonNode>> crds;

    /** @param crds the stored CustomResourceDefinition objects */
    public ResourceRegistry(Supplier<List<JsonNode>> crds) {
        this.crds = crds;
    }

    private record Snapshot(List<JsonNode> crds, List<ResourceType> types) {}

    private volatile Snapshot snapshot = new Snapshot(null, BUILT_INS);

    /** The built-in types followed by those of the stored CRDs (recomputed only when the CRDs change). */
    public List<ResourceType> all() {
        List<JsonNode> current = crds.get();
        Snapshot s = snapshot;
        if (s.crds() != current) {
            List<ResourceType> out = new ArrayList<>(BUILT_INS);
            for (JsonNode crd : current) {
                out.addAll(fromCrd(crd));
            }
            s = new Snapshot(current, List.copyOf(out));
            snapshot = s;
        }
        return s.types();
    }

    /** Group name to its served versions, in the order discovery lists them (core group excluded). */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType t : all()) {
            if (!t.isCore()) {
                List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
                if (!versions.contains(t.version())) {
                    versions.add(t.version());
                }
            }
        }
        return groups;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        String g = group == null ? "" : group;
        return all().stream()
                .filter(t -> t.group().equals(g)
                        && t.version().equals(version)
                        && t.plural().equals(plural))
                .findFirst();
    }

    /** The type of a stored object, from its apiVersion and kind. */
    public Optional<ResourceType> forObject(JsonNode obj) {
        String apiVersion = Json.text(obj.path("apiVersion"));
        String kind = Json.text(obj.path("kind"));
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return all().stream()
                .filter(t -> t.group().equals(group)
                        && t.version().equals(version)
                        && t.kind().equals(kind))
                .findFirst();
    }

    static List<ResourceType> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String group = Json.text(spec.path("group"), "");
        List<ResourceType> out = new ArrayList<>();
        for (JsonNode v : Json.elements(spec.path("versions"))) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            List<ResourceType.PrinterColumn> columns = new ArrayList<>();
            for (JsonNode c : Json.elements(v.path("additionalPrinterColumns"))) {
                columns.add(new ResourceType.PrinterColumn(
                        Json.text(c.path("name"), ""),
                        Json.text(c.path("type"), "string"),
                        Json.text(c.path("format"), ""),
                        Json.text(c.path("description"), ""),
                        c.path("priority").asInt(0),
                        Json.text(c.path("jsonPath"), "")));
            }
            out.add(new ResourceType(
                    group,
                    Json.text(v.path("name")),
                    Json.text(names.path("plural")),
                    Json.text(
                            names.path("singular"),
                            Objects.requireNonNullElse(Json.text(names.path("kind")), "")
                                    .toLowerCase()),
                    Json.text(names.path("kind")),
                    !"Cluster".equals(Json.text(spec.path("scope"))),
                    shortNames(names),
                    strings(names.path("categories")),
                    v.path("subresources").has("status"),
                    List.copyOf(columns)));
        }
        return out;
    }

    /**
     * The CRD's short names; a DaemonSet also gets {@code ds}. kind's guides say {@code kubectl get ds}, and
     * the sandbox serves no apps/v1 DaemonSets, so that name reaches ours, as {@code daemonset} already does.
     * On a real cluster both mean apps/v1.
     */
    private static List<String> shortNames(JsonNode names) {
        List<String> shortNames = new ArrayList<>(strings(names.path("shortNames")));
        if ("DaemonSet".equals(Json.text(names.path("kind"))) && !shortNames.contains("ds")) {
            shortNames.add("ds");
        }
        return List.copyOf(shortNames);
    }

    private static List<String> strings(JsonNode array) {
        return Json.elements(array).stream()
                .map(Json::text)
                .filter(Objects::nonNull)
                .toList();
    }
}
