package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.dsl.HttpMethod;
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

    /**
     * One change more than the store's change history holds, in another namespace, so that every resourceVersion
     * seen before is out of its reach. Straight to the dispatcher: that many changes would take too long over HTTP.
     */
    void outrunChangeHistory() {
        for (int i = 0; i <= ObjectStore.HISTORY; i++) {
            var written = server.dispatcher()
                    .call(
                            HttpMethod.POST,
                            "/api/v1/namespaces/other/configmaps",
                            "application/json",
                            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i + "\"}}");
            assertThat(written.code()).isEqualTo(201);
        }
    }

    @AfterEach
    void stopServerAndClient() {
        client.close();
        server.close();
    }
}
