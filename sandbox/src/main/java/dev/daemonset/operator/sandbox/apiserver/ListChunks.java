package dev.daemonset.operator.sandbox.apiserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Paginated lists ({@code ?limit=N}, then {@code ?limit=N&continue=TOKEN}), as the API server serves them
 * from etcd: items in key order ({@code namespace/name}), a page filled with items that match the
 * selectors, and a continue token naming the list's resourceVersion and the key to resume after.
 *
 * <p>Consistency: every page reports the resourceVersion of the first page. The later pages come from the
 * key-ordered objects the first page was cut from ({@link ListSnapshots}), as etcd serves them from one
 * revision; once that snapshot is dropped (a few lists later), from the store as it is now (the store
 * keeps no old versions of objects). Even then a paginating informer misses nothing, because it then
 * watches from that first resourceVersion: an object created, changed or deleted between two pages either shows in a later page
 * in its newer state or not at all, and in every case the watch replays the change. The cost is that a
 * client may see an object in a page at a version newer than the list's, then the watch's older
 * MODIFIED before the newest one; the cache ends in the right state. A token whose resourceVersion the
 * change history no longer reaches is refused with 410 Expired, as upstream refuses one etcd has compacted:
 * the watch from it could not replay what the later pages skipped.
 */
final class ListChunks {
    private static final String TOKEN_VERSION = "meta.k8s.io/v1";

    /** What a continue token carries. */
    record Token(long resourceVersion, String startKey) {}

    /** One page: its items, and for a list with more items, the token and (without selectors) the count left. */
    record Page(List<JsonNode> items, String continueToken, Long remainingItemCount) {}

    private ListChunks() {}

    /** The etcd key order of a list: namespace, slash, name. */
    static String key(JsonNode obj) {
        return key(Json.namespace(obj), Json.name(obj));
    }

    static String key(String namespace, String name) {
        String n = Objects.requireNonNullElse(name, "");
        return namespace == null || namespace.isEmpty() ? n : namespace + "/" + n;
    }

    /** The {@code limit} query parameter; 0 for none (a negative limit lists everything, as upstream). */
    static long limit(RequestInfo info) {
        String value = info.param("limit");
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "BadRequest", "limit: Invalid value: \"" + value + "\": must be an integer");
        }
    }

    /**
     * One page of {@code sorted} (items already filtered and in key order) after the token's start key.
     *
     * @param selective whether a label or field selector filtered the items: the API server then does not
     *     count what remains (it would have to read it all)
     */
    static Page page(List<JsonNode> sorted, Token from, long limit, long listVersion, boolean selective) {
        return page(sorted, ListChunks::key, item -> item, item -> true, from, limit, listVersion, selective);
    }

    /**
     * One page of {@code sorted} (unread, in key order) after the token's start key: objects are parsed
     * and filtered one at a time until the page is full. As upstream, a list that a selector filtered
     * may end with a token and then an empty page, since what remains is not read to find out.
     */
    static Page page(
            List<ObjectStore.Unread> sorted,
            Predicate<JsonNode> wanted,
            Token from,
            long limit,
            long listVersion,
            boolean selective) {
        return page(
                sorted,
                ObjectStore.Unread::key,
                unread -> Json.parse(unread.json()),
                wanted,
                from,
                limit,
                listVersion,
                selective);
    }

    private static <T> Page page(
            List<T> sorted,
            Function<T, String> keyOf,
            Function<T, JsonNode> read,
            Predicate<JsonNode> wanted,
            Token from,
            long limit,
            long listVersion,
            boolean selective) {
        int next = from == null ? 0 : firstAfter(sorted, keyOf, from.startKey());
        List<JsonNode> items = new ArrayList<>();
        while (next < sorted.size() && (limit <= 0 || items.size() < limit)) {
            JsonNode item = read.apply(sorted.get(next));
            next++;
            if (wanted.test(item)) {
                items.add(item);
            }
        }
        if (next >= sorted.size() || items.isEmpty()) {
            return new Page(items, null, null);
        }
        String token = encode(new Token(listVersion, key(items.get(items.size() - 1))));
        return new Page(items, token, selective ? null : (long) (sorted.size() - next));
    }

    /** The index of the first item whose key sorts after {@code startKey}. */
    private static <T> int firstAfter(List<T> sorted, Function<T, String> keyOf, String startKey) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keyOf.apply(sorted.get(mid)).compareTo(startKey) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static String encode(Token token) {
        ObjectNode json = Json.object();
        json.put("v", TOKEN_VERSION);
        json.put("rv", token.resourceVersion());
        json.put("start", token.startKey());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The token of a {@code continue} parameter; a malformed one is the API server's 400. */
    static Token decode(String token) {
        JsonNode json;
        try {
            json = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid(e.getMessage());
        }
        if (!TOKEN_VERSION.equals(Json.text(json.path("v")))) {
            throw invalid("server does not recognize this encoded version");
        }
        if (!json.path("rv").isIntegralNumber() || json.path("rv").longValue() <= 0) {
            throw invalid("incorrect encoded start resourceVersion (version " + TOKEN_VERSION + ")");
        }
        String start = Json.text(json.path("start"));
        if (start == null || start.isEmpty()) {
            throw invalid("encoded start key empty");
        }
        return new Token(json.path("rv").longValue(), start);
    }

    private static ApiException invalid(String why) {
        return new ApiException(400, "BadRequest", "invalid continue token: continue key is not valid: " + why);
    }

    static ApiException expired() {
        return new ApiException(
                410,
                "Expired",
                "The provided continue parameter is too old to display a consistent list result. You can start a "
                        + "new list without the continue parameter, or use the continue token in this response to "
                        + "retrieve the remainder of the results. Continuing with the provided token results in an "
                        + "inconsistent list - objects that were created, modified, or deleted between the time the "
                        + "first chunk was returned and now may show up in the list.");
    }
}
