package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;

/** Turns client exceptions into kubectl-like lines: the server's reason when it answered, else why it could not be reached. */
public final class ApiErrors {
    /** How long the second connect of {@link #whyUnreachable} may take. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

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
        return CommandFailure.error(
                "unable to reach the Kubernetes API server at " + server + ": " + whyUnreachable(e, server));
    }

    /**
     * The innermost cause's message. JDK 17's HTTP client reports a failed connect as a ConnectException with no
     * message over a ClosedChannelException with none either; connecting once more, with a plain socket, gets the
     * system's reason (connection refused, no route to host) as kubectl would print it.
     */
    private static String whyUnreachable(Throwable e, URL server) {
        boolean connectFailed = false;
        Throwable cause = e;
        while (true) {
            connectFailed |= cause instanceof ConnectException;
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause.getMessage() != null) {
            return cause.getMessage();
        }
        String reason = connectFailed ? connectAgain(server) : null;
        return reason != null ? reason : cause.getClass().getSimpleName();
    }

    /** The reason a plain connect to {@code server} fails, or null when it does not. */
    private static String connectAgain(URL server) {
        int port = server.getPort() != -1 ? server.getPort() : server.getDefaultPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), port), Math.toIntExact(PROBE_TIMEOUT.toMillis()));
            return null;
        } catch (IOException failure) {
            return failure.getMessage();
        }
    }
}
