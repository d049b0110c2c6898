package dev.daemonset.operator.bench;

import dev.daemonset.operator.sandbox.apiserver.RequestInfo;

/** What an API write changed, as far as the benchmark's write accounting cares. */
enum WriteKind {
    POD_CREATE,
    POD_DELETE,
    POD_UPDATE,
    DAEMONSET_STATUS,
    DAEMONSET_UPDATE,
    EVENT,
    CONTROLLER_REVISION,
    OTHER;

    /** Null for a read. */
    static WriteKind of(String method, String uri) {
        if (!isWrite(method)) {
            return null;
        }
        RequestInfo info = RequestInfo.parse(uri);
        if (info == null) {
            return OTHER;
        }
        return switch (info.plural()) {
            case "pods" ->
                switch (method) {
                    case "POST" -> POD_CREATE;
                    case "DELETE" -> POD_DELETE;
                    default -> POD_UPDATE;
                };
            case "daemonsets" -> "status".equals(info.subresource()) ? DAEMONSET_STATUS : DAEMONSET_UPDATE;
            case "events" -> EVENT;
            case "controllerrevisions" -> CONTROLLER_REVISION;
            default -> OTHER;
        };
    }

    private static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }
}
