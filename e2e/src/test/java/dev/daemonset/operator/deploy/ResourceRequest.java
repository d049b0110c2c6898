package dev.daemonset.operator.deploy;

import dev.daemonset.operator.testing.ApiCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An API request as the RBAC authorizer sees it: API group, resource (with "/subresource"),
 * namespace, object name and verb, worked out from the method and path as the API server does.
 */
record ResourceRequest(String group, String resource, String namespace, String name, String verb) {
    static ResourceRequest of(ApiCall call) {
        List<String> parts = new ArrayList<>(
                Arrays.asList(call.resourcePath().replaceFirst("^/", "").split("/")));
        String group;
        if (parts.get(0).equals("api")) {
            group = "";
            parts = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("apis")) {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        } else {
            throw new IllegalArgumentException("not a resource request: " + call);
        }
        String namespace = null;
        if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
            namespace = parts.get(1);
            parts = parts.subList(2, parts.size());
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : null;
        if (parts.size() > 2) {
            resource = resource + "/" + parts.get(2);
        }
        return new ResourceRequest(group, resource, namespace, name, verb(call.method(), name, call.path()));
    }

    private static String verb(String method, String name, String path) {
        boolean watch = path.contains("watch=true") || path.contains("watch=1");
        return switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unexpected method " + method + " " + path);
        };
    }

    /** "group resource verb", the granularity at which the ClusterRole grants. */
    String permission() {
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
}
