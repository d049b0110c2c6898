package dev.daemonset.operator.sandbox.apiserver;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis},
 * {@code /api/v1}, {@code /apis/<group>}, {@code /apis/<group>/<version>}), built from the registry.
 * Only the legacy (unaggregated) form is served; kubectl falls back to it.
 */
public final class Discovery {
    private final ResourceRegistry registry;
    private final String serverAddress;

    public Discovery(ResourceRegistry registry, String serverAddress) {
        this.registry = registry;
        this.serverAddress = serverAddress;
    }

    /** The discovery document for {@code path}, or null when the path is not a discovery path. */
    public JsonNode handle(String path) {
        String p = path.replaceAll("/+$", "");
        String[] parts = p.replaceAll("^/+", "").split("/");
        if (p.equals("/api")) {
            ObjectNode versions = Json.object();
            versions.put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            ObjectNode cidr = versions.putArray("serverAddressByClientCIDRs").addObject();
            cidr.put("clientCIDR", "0.0.0.0/0");
            cidr.put("serverAddress", serverAddress);
            return versions;
        }
        if (p.equals("/api/v1")) {
            return resourceList("", "v1");
        }
        if (p.equals("/apis")) {
            ObjectNode list = Json.object();
            list.put("kind", "APIGroupList");
            list.put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
                groups.add(group(g.getKey(), g.getValue()));
            }
            return list;
        }
        if (parts.length == 2 && parts[0].equals("apis")) {
            List<String> versions = registry.groups().get(parts[1]);
            return versions == null ? null : group(parts[1], versions);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            List<String> versions = registry.groups().get(parts[1]);
            return versions == null || !versions.contains(parts[2]) ? null : resourceList(parts[1], parts[2]);
        }
        return null;
    }

    /** True when {@code path} is one of the discovery paths (served even when the group is unknown: 404). */
    public static boolean isDiscoveryPath(String path) {
        String p = path.replaceAll("/+$", "");
        String[] parts = p.replaceAll("^/+", "").split("/");
        return p.equals("/api")
                || p.equals("/api/v1")
                || p.equals("/apis")
                || (parts[0].equals("apis") && (parts.length == 2 || parts.length == 3));
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = Json.object();
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        group.put("name", name);
        ArrayNode vs = group.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", name + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = group.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return group;
    }

    private ObjectNode resourceList(String group, String version) {
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : registry.all()) {
            if (!t.group().equals(group) || !t.version().equals(version)) {
                continue;
            }
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            ResourceType.VERBS.forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode cats = r.putArray("categories");
                t.categories().forEach(cats::add);
            }
            if (t.hasStatus()) {
                ObjectNode status = resources.addObject();
                status.put("name", t.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", t.namespaced());
                status.put("kind", t.kind());
                ArrayNode sv = status.putArray("verbs");
                List.of("get", "patch", "update").forEach(sv::add);
            }
            if (Evictions.isPods(t)) {
                // kubectl drain looks for this entry (group and version included) before it evicts instead of deleting
                ObjectNode eviction = resources.addObject();
                eviction.put("name", "pods/" + Evictions.SUBRESOURCE);
                eviction.put("singularName", "");
                eviction.put("namespaced", true);
                eviction.put("group", "policy");
                eviction.put("version", "v1");
                eviction.put("kind", "Eviction");
                eviction.putArray("verbs").add("create");
            }
        }
        return list;
    }
}
