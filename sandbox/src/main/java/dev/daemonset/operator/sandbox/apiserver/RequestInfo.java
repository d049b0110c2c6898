package dev.daemonset.operator.sandbox.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource request path taken apart: {@code /api/v1/namespaces/ns/pods/name/status?watch=true}.
 *
 * @param group empty for the core group
 * @param namespace null for cluster-wide requests
 * @param name null for collection requests
 * @param subresource null, or e.g. {@code status}
 */
public record RequestInfo(
        String path,
        String group,
        String version,
        String namespace,
        String plural,
        String name,
        String subresource,
        Map<String, String> query) {

    /** Parses a request URI; returns null when it is not a resource path. */
    public static RequestInfo parse(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int i;
        String group;
        String version;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            i = 3;
        } else {
            return null;
        }
        List<String> rest = List.of(parts).subList(i, parts.length);
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return null;
        }
        String plural = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String sub = rest.size() > 2 ? rest.get(2) : null;
        return new RequestInfo(path, group, version, namespace, plural, name, sub, query);
    }

    public static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(key, value);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public boolean isCollection() {
        return name == null;
    }

    public boolean isWatch() {
        String watch = query.get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    public String param(String key) {
        return query.get(key);
    }

    /** The resourceVersion a watch asks to start after, or null for "every object now, then the changes". */
    public Long watchFrom() {
        String rv = query.get("resourceVersion");
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            return null;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
