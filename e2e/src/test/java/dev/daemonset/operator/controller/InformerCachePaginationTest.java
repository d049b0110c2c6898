package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.apiserver.ApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The caches' initial lists come in pages, and the pages add up to every object. */
class InformerCachePaginationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PODS = (int) InformerCache.LIST_PAGE_SIZE * 2 + 7;

    private ApiServer server;
    private KubernetesClient client;
    private final List<String> podLists = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ApiServer.start(0, Clock.systemUTC());
        server.addRequestListener((request, response) -> {
            String path = request.getPath();
            if (path.startsWith("/api/v1/pods?") && !path.contains("watch=")) {
                podLists.add(path);
            }
        });
        try (KubernetesClient setup = Sandbox.newClient(server.url());
                InputStream crd = Sandbox.class.getResourceAsStream(Sandbox.CRD_RESOURCE)) {
            setup.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(setup.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
        for (int i = 0; i < PODS; i++) {
            // straight to the dispatcher: a thousand pods over HTTP would dominate the test's time
            var created = server.dispatcher()
                    .call(
                            HttpMethod.POST,
                            "/api/v1/namespaces/ns" + (i % 3) + "/pods",
                            "application/json",
                            """
                            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-%d"},
                             "spec":{"containers":[{"name":"c","image":"busybox"}]}}""".formatted(i));
            assertThat(created.code()).isEqualTo(201);
        }
        client = OperatorClients.client(OperatorClients.forMasterUrl(server.url()));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void thePodCacheHoldsEveryPodAfterAnInitialListOfSeveralPages() throws Exception {
        try (InformerCache cache = new InformerCache(client, null, Duration.ofMinutes(5), resource -> {})) {
            cache.startAndSync(TIMEOUT);
            int cached = 0;
            for (int ns = 0; ns < 3; ns++) {
                cached += cache.orphanPods("ns" + ns).size();
            }
            assertThat(cached).isEqualTo(PODS);
        }
        String limit = "limit=" + InformerCache.LIST_PAGE_SIZE;
        // three pages; a relist after a broken watch would add pages of its own, never an unpaged list
        assertThat(podLists).hasSizeGreaterThanOrEqualTo(3).allMatch(p -> p.contains(limit));
        assertThat(podLists.get(0)).doesNotContain("continue=");
        assertThat(podLists.subList(1, 3)).allMatch(p -> p.contains("continue="));
    }
}
