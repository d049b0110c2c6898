package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Tells a write the API server refused (it did not happen) from one whose fate is unknown: a time
 * out, a dropped connection or any 5xx may come after the server applied the write (an API server
 * answers 500 when etcd took the write but the response could not be built, 503 from a proxy that
 * lost the connection). Only a 4xx is a refusal.
 */
public final class WriteFailures {
    private WriteFailures() {}

    public static boolean isUncertain(RuntimeException e) {
        if (!(e instanceof KubernetesClientException k)) {
            return true;
        }
        int code = k.getCode();
        return code <= 0
                || code >= HttpURLConnection.HTTP_INTERNAL_ERROR
                || code == HttpURLConnection.HTTP_CLIENT_TIMEOUT;
    }

    /**
     * The API server refused because the namespace is being deleted (a cause with reason
     * NamespaceTerminating): every further create there fails too, and that is no fault of the template.
     */
    public static boolean isNamespaceTerminating(RuntimeException e) {
        if (!(e instanceof KubernetesClientException k)
                || k.getStatus() == null
                || k.getStatus().getDetails() == null
                || k.getStatus().getDetails().getCauses() == null) {
            return false;
        }
        return k.getStatus().getDetails().getCauses().stream()
                .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    public static boolean isNotFound(RuntimeException e) {
        return e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
    }
}
