package dev.daemonset.operator.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What the process knows about the pod it runs in: its name (the lease holder identity) and its
 * namespace (where the lease lives by default). The Deployment passes both through the downward
 * API; outside a pod there are fallbacks.
 */
final class PodEnvironment {
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private final Map<String, String> env;
    private final Path serviceAccountNamespace;

    PodEnvironment(Map<String, String> env, Path serviceAccountNamespace) {
        this.env = env;
        this.serviceAccountNamespace = serviceAccountNamespace;
    }

    static PodEnvironment current() {
        return new PodEnvironment(System.getenv(), SERVICE_ACCOUNT_NAMESPACE);
    }

    /**
     * POD_NAME, else the host name plus a random suffix: two copies started by hand on one machine
     * must not both believe they hold the lease.
     */
    String identity() {
        String pod = env.get("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        return hostName() + "_" + UUID.randomUUID();
    }

    /** POD_NAMESPACE, else the service account's namespace file, else {@code fallback}. */
    String namespace(String fallback) {
        String ns = env.get("POD_NAMESPACE");
        if (ns != null && !ns.isBlank()) {
            return ns;
        }
        try {
            if (Files.isReadable(serviceAccountNamespace)) {
                String fromFile = Files.readString(serviceAccountNamespace).trim();
                if (!fromFile.isEmpty()) {
                    return fromFile;
                }
            }
        } catch (IOException e) {
            // unreadable: fall through to the fallback, as outside a pod
        }
        return fallback;
    }

    private String hostName() {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "daemonset-operator";
        }
    }
}
