package dev.daemonset.operator.testing;

/**
 * One request the mock API server received.
 *
 * @param instance the {@value MockCluster#INSTANCE_HEADER} header of the client that sent it, or
 *     {@code null} for the test's own client
 * @param answeredAtNanos when the answer was due to leave the server ({@link System#nanoTime}): when it
 *     arrived, or later if the test held answers back
 */
public record ApiCall(String method, String path, String instance, long answeredAtNanos) {
    public boolean isWrite() {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** The path without its query string. */
    public String resourcePath() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    public boolean isLease() {
        return resourcePath().startsWith("/apis/coordination.k8s.io/");
    }
}
