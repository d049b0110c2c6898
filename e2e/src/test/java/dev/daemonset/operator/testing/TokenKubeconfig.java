package dev.daemonset.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig with one cluster at a server and a bearer token: enough to build a client, none to reach one. */
public final class TokenKubeconfig {
    private TokenKubeconfig() {}

    /** Writes it to {@code file} and returns the file. */
    public static Path write(Path file, String server) throws IOException {
        return withCluster(file, "server: \"" + server + "\"");
    }

    /** As {@link #write}, with the cluster's certificate not verified ({@code insecure-skip-tls-verify}). */
    public static Path writeSkippingTlsVerification(Path file, String server) throws IOException {
        return withCluster(file, "server: \"" + server + "\", insecure-skip-tls-verify: true");
    }

    private static Path withCluster(Path file, String cluster) throws IOException {
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {%s}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                users: [{name: u, user: {token: t}}]
                current-context: c
                """.formatted(cluster));
    }
}
