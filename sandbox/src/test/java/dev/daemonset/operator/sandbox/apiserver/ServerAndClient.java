package dev.daemonset.operator.sandbox.apiserver;

import dev.daemonset.operator.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh API server for each test, and a client of it. */
abstract class ServerAndClient {
    ApiServer server;
    KubernetesClient client;

    @BeforeEach
    void startServerAndClient() {
        server = ApiServer.start(0, Clock.systemUTC());
        client = Sandbox.newClient(server.url());
    }

    @AfterEach
    void stopServerAndClient() {
        client.close();
        server.close();
    }
}
