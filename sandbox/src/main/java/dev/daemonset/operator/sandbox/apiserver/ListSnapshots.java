package dev.daemonset.operator.sandbox.apiserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-ordered objects a paginated list started from, kept for its later pages: each page then
 * costs what it returns, not a scan and sort of the whole collection (200 of them for the initial list
 * of 100,000 pods), and every page comes from the same moment, as etcd serves them. A list whose
 * snapshot has been dropped goes on from the objects as they are now (see {@link ListChunks}).
 *
 * <p>A snapshot holds references to the stored JSON strings only, a few megabytes at most.
 */
final class ListSnapshots {
    private static final int KEPT = 8;

    private record Key(String collectionPath, long resourceVersion) {}

    private final Map<Key, List<ObjectStore.Unread>> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<ObjectStore.Unread>> eldest) {
            return size() > KEPT;
        }
    };

    synchronized List<ObjectStore.Unread> get(String collectionPath, long resourceVersion) {
        return kept.get(new Key(collectionPath, resourceVersion));
    }

    synchronized void keep(String collectionPath, long resourceVersion, List<ObjectStore.Unread> sorted) {
        kept.put(new Key(collectionPath, resourceVersion), sorted);
    }
}
