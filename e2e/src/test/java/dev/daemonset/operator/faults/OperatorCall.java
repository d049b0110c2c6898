package dev.daemonset.operator.faults;

/**
 * One request an operator instance sent to the API server, as the server saw it.
 *
 * @param atNanos {@link System#nanoTime()} when it arrived
 * @param podName the pod a pod delete named, or the generateName prefix of a pod create, else null
 * @param fault what was injected, or null when the server answered normally
 */
record OperatorCall(long atNanos, String instance, String method, String path, String podName, FaultKind fault) {
    boolean isWrite() {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    boolean isLease() {
        return path.startsWith("/apis/coordination.k8s.io/");
    }

    boolean isEvent() {
        return path.contains("/events");
    }

    boolean isPodCreate() {
        return "POST".equals(method) && FaultInjector.isPodCollection(path);
    }

    boolean isPodDelete() {
        return "DELETE".equals(method) && podName != null;
    }

    /** A pod create for the DaemonSet {@code dsName} (its pods are named {@code <dsName>-...}). */
    boolean isPodCreateFor(String dsName) {
        return isPodCreate() && (dsName + "-").equals(podName);
    }
}
