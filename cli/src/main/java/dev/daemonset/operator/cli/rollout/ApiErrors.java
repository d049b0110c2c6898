package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URL;

/** Turns client exceptions into kubectl-like lines: the server's reason when it answered, else why it could not be reached. */
public final class ApiErrors {
    private ApiErrors() {}

    public static CommandFailure describe(KubernetesClientException e, URL server) {
        Status status = e.getStatus();
        if (status != null && status.getReason() != null && !status.getReason().isBlank()) {
            return CommandFailure.fromServer(
                    status.getReason(),
                    status.getMessage() == null || status.getMessage().isBlank()
                            ? e.getMessage()
                            : status.getMessage());
        }
        if (e.getCode() > 0) {
            return CommandFailure.error("the server at " + server + " answered " + e.getCode() + ": " + e.getMessage());
        }
        return CommandFailure.error("unable to reach the Kubernetes API server at " + server + ": " + rootCause(e));
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
