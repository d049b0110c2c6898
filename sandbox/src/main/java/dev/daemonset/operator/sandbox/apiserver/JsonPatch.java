package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.zjsonpatch.JsonPatchException;
import tools.jackson.databind.JsonNode;

/**
 * RFC 6902 JSON patch ({@code kubectl patch --type json}), applied here rather than by the store for
 * custom resources, so that the patched object can be validated before it is written. The patching is
 * zjsonpatch's, the library fabric8's own mock server applies JSON patches with.
 */
final class JsonPatch {
    private JsonPatch() {}

    /** The patched copy of {@code document}; a patch that cannot apply is the API server's 422. */
    static JsonNode apply(JsonNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw new ApiException(400, "BadRequest", "json patch must be a list of operations");
        }
        try {
            return io.fabric8.zjsonpatch.JsonPatch.apply(patch, document);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw new ApiException(
                    422,
                    "Invalid",
                    "the server rejected our request due to an error in our request: " + e.getMessage());
        }
    }
}
