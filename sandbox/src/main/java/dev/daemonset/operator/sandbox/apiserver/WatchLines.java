package dev.daemonset.operator.sandbox.apiserver;

/**
 * The text of one watch event, {@code {"type":TYPE,"object":OBJECT}}, as both watch transports send it (one
 * WebSocket message, or one line of an HTTP stream). The object comes as JSON text already written, so that a
 * change's text is written once for all its watchers ({@link StoreEvent#watchLine}).
 */
final class WatchLines {
    private WatchLines() {}

    /**
     * @param type ADDED, MODIFIED, DELETED or ERROR: names, never escaped
     * @param objectJson the object's JSON text, on one line
     */
    static String of(String type, String objectJson) {
        return "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
    }

    /** The ERROR event of a watch from a resourceVersion the change history no longer reaches: 410 Expired. */
    static String expired(long from, long current) {
        return of(
                "ERROR",
                ApiDispatcher.body(ApiDispatcher.status(
                        410, "Expired", "too old resource version: " + from + " (" + current + ")")));
    }
}
