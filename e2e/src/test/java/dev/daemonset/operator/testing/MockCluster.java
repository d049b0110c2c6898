package dev.daemonset.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * fabric8's mock API server in CRUD mode with the DaemonSet CRD installed (so the status
 * subresource behaves), a client to it, and optionally a running operator.
 */
public final class MockCluster implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int EDIT_ATTEMPTS = 5;
    /** Names the client a request came from, for {@link #calls()} and {@link #isolate}. */
    public static final String INSTANCE_HEADER = "X-Test-Instance";

    private final KubernetesMockServer server;
    private final RecordingDispatcher dispatcher;
    private final KubernetesClient client;
    private final List<KubernetesClient> instanceClients = new CopyOnWriteArrayList<>();
    private Operator operator;

    private MockCluster(KubernetesMockServer server, RecordingDispatcher dispatcher, KubernetesClient client) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.client = client;
    }

    public static MockCluster start() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(new KubernetesCrudDispatcher());
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config(server)).build();
        MockCluster cluster = new MockCluster(server, dispatcher, client);
        cluster.installCrd();
        return cluster;
    }

    private static Config config(KubernetesMockServer server) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/"))
                .withNamespace("default")
                .withTrustCerts(true)
                .withRequestRetryBackoffLimit(0)
                .build();
    }

    /**
     * A client of its own for one operator instance, built as {@code run} builds its own
     * ({@code OperatorClients}): its requests are tagged with {@code instance}
     * in {@link #calls()} and can be cut off with {@link #isolate}. Closed with the cluster.
     */
    public KubernetesClient clientFor(String instance) {
        Interceptor tag = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                builder.setHeader(INSTANCE_HEADER, instance);
            }
        };
        // the client run ships, so that what the tests of operators prove holds for run
        KubernetesClient c = OperatorClients.client(config(server), java.util.Map.of("test-instance", tag));
        instanceClients.add(c);
        return c;
    }

    /** Every request so far, in arrival order, except those refused by {@link #isolate}. */
    public List<ApiCall> calls() {
        return dispatcher.calls();
    }

    /** From now on every request from {@code instance} fails with 503, as if its process had died. */
    public void isolate(String instance) {
        dispatcher.isolate(instance);
    }

    /**
     * From now on the answers to {@code instance}'s pod writes leave the server {@code hold} late (the
     * write itself is done at once), as from an API server slowed down by admission webhooks.
     */
    public void holdPodWrites(String instance, Duration hold) {
        dispatcher.holdPodWrites(instance, hold);
    }

    /** As {@link #holdPodWrites}, for every request of {@code instance}: an API server that has stopped answering. */
    public void holdEverything(String instance, Duration hold) {
        dispatcher.holdEverything(instance, hold);
    }

    /** Ends {@link #isolate}: the instance's requests get through again. */
    public void reconnect(String instance) {
        dispatcher.reconnect(instance);
    }

    /** A kubeconfig file text that points at this mock server, current namespace default. */
    public String kubeconfig() {
        return kubeconfig("default");
    }

    /** A kubeconfig file text that points at this mock server; a null namespace leaves it to the tool's default. */
    public String kubeconfig(String namespace) {
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock
        %s
        current-context: mock
        users:
        - name: mock
          user:
            token: mock
        """.formatted(server.url("/"), namespace == null ? "" : "    namespace: " + namespace);
    }

    private void installCrd() {
        try (InputStream in = Objects.requireNonNull(
                getClass().getResourceAsStream("/crds/daemonsets.daemonset.dev-v1.yml"),
                "CRD not on the classpath; run the build through process-test-classes")) {
            CustomResourceDefinition crd =
                    client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .create();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Operator startOperator() {
        operator = Operator.start(client, OperatorConfig.defaults());
        return operator;
    }

    public Operator operator() {
        return operator;
    }

    public KubernetesClient client() {
        return client;
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    public Node createNode(Node node) {
        return client.nodes().resource(node).create();
    }

    public DaemonSet createDaemonSet(DaemonSet ds) {
        ds.getMetadata().setUid(null);
        ds.getMetadata().setGeneration(null);
        return client.resources(DaemonSet.class)
                .inNamespace(ds.getMetadata().getNamespace())
                .resource(ds)
                .create();
    }

    /**
     * Edits a DaemonSet as a user would, re-reading and retrying when the operator wrote its status in
     * between (409 Conflict), as client-go's RetryOnConflict does.
     */
    public DaemonSet editDaemonSet(String name, UnaryOperator<DaemonSet> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(DaemonSet.class)
                        .inNamespace("default")
                        .withName(name)
                        .edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == EDIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public DaemonSet daemonSet(String name) {
        return client.resources(DaemonSet.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    public List<Pod> podsOf(DaemonSet ds) {
        String uid = daemonSet(ds.getMetadata().getName()).getMetadata().getUid();
        return client.pods().inNamespace(ds.getMetadata().getNamespace()).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream()
                                .anyMatch(r -> uid.equals(r.getUid()) && Boolean.TRUE.equals(r.getController())))
                .toList();
    }

    /** Waits until the operator has nothing queued or in flight. */
    public void awaitIdle() {
        await().atMost(TIMEOUT).until(() -> operator.isIdle());
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        instanceClients.forEach(KubernetesClient::close);
        client.close();
        server.destroy();
    }
}
