package dev.daemonset.operator.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7386 JSON merge patch on parsed JSON/YAML trees: maps merge, null deletes, anything else replaces. */
public final class MergePatch {
    private MergePatch() {}

    @SuppressWarnings("unchecked")
    public static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap)) {
            return patch;
        }
        Map<String, Object> out =
                target instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        patchMap.forEach((k, v) -> {
            String key = (String) k;
            if (v == null) {
                out.remove(key);
            } else {
                out.put(key, apply(out.get(key), v));
            }
        });
        return out;
    }
}
