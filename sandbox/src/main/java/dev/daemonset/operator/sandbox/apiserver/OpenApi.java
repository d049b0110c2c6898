package dev.daemonset.operator.sandbox.apiserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal OpenAPI v3: for every group-version, one document whose PATCH operations carry the
 * {@code x-kubernetes-group-version-kind} and the {@code fieldValidation} and {@code dryRun} query
 * parameters. That is what kubectl checks to decide that the server validates fields itself, so it
 * does not need the (protobuf) OpenAPI v2 schema. No schemas are served.
 */
public final class OpenApi {
    private final ResourceRegistry registry;

    public OpenApi(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** {@code /openapi/v3}: the list of group-version documents. */
    public JsonNode root() {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        for (String gvPath : byGroupVersion().keySet()) {
            paths.putObject(gvPath).put("serverRelativeURL", "/openapi/v3/" + gvPath + "?hash=sandbox");
        }
        return root;
    }

    /** {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}, or null. */
    public JsonNode groupVersion(String gvPath) {
        List<ResourceType> types = byGroupVersion().get(gvPath);
        if (types == null) {
            return null;
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : types) {
            String path = t.isCore() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
            path += (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + t.kind());
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", t.group());
            gvk.put("version", t.version());
            gvk.put("kind", t.kind());
            patch.put("x-kubernetes-action", "patch");
            var params = patch.putArray("parameters");
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                ObjectNode p = params.addObject();
                p.put("name", name);
                p.put("in", "query");
                p.putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
                p.put("uniqueItems", true);
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        return doc;
    }

    private Map<String, List<ResourceType>> byGroupVersion() {
        Map<String, List<ResourceType>> out = new LinkedHashMap<>();
        for (ResourceType t : registry.all()) {
            String key = t.isCore() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
            out.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(t);
        }
        return out;
    }
}
