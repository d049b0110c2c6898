package dev.daemonset.operator.sandbox;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.sandbox.apiserver.ApiServer;
import dev.daemonset.operator.sandbox.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes cluster in one process: the embedded API server, simulated nodes, scheduler, kubelet,
 * node lifecycle and garbage collector, and (optionally) the operator. {@link #start} returns once
 * everything is ready and the kubeconfig for kubectl is written (see {@link SandboxKubeconfig}); with
 * {@link SandboxOptions#addons()} it runs kube-proxy and kindnet as DaemonSets, as kind does (see {@link Addons}).
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    /** The generated CRD, bundled on the classpath by the build. */
    public static final String CRD_RESOURCE = "/crds/" + DaemonSet.CRD_NAME + "-v1.yml";

    private static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ApiServer server;
    private final KubernetesClient client;
    private final SimulatedCluster cluster;
    private final SandboxKubeconfig kubeconfig;
    private final boolean temporaryKubeconfig;
    private final List<AutoCloseable> operatorResources;

    private Sandbox(
            ApiServer server,
            KubernetesClient client,
            SimulatedCluster cluster,
            SandboxKubeconfig kubeconfig,
            boolean temporaryKubeconfig,
            List<AutoCloseable> operatorResources) {
        this.server = server;
        this.client = client;
        this.cluster = cluster;
        this.kubeconfig = kubeconfig;
        this.temporaryKubeconfig = temporaryKubeconfig;
        this.operatorResources = operatorResources;
    }

    /** Starts the sandbox and blocks until the server, the CRD, the nodes and (when enabled) the operator are ready. */
    public static Sandbox start(SandboxOptions options) throws Exception {
        ApiServer server =
                ApiServer.start(options.port(), Clock.systemUTC(), options.apiWrapper(), !options.skipValidation());
        KubernetesClient client = null;
        SimulatedCluster cluster = null;
        List<AutoCloseable> operatorResources = new ArrayList<>();
        try {
            client = newClient(server.url());
            installCrd(client);
            for (String ns : NAMESPACES) {
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .create();
            }
            cluster = SimulatedCluster.start(client, server, options.nodes(), options.readyAfter());
            if (options.withOperator()) {
                KubernetesClient operatorClient = OperatorClients.client(OperatorClients.forMasterUrl(server.url()));
                operatorResources.add(operatorClient);
                operatorResources.add(0, Operator.start(operatorClient, OperatorConfig.defaults()));
            }
            if (options.addons()) {
                Addons.apply(client);
            }
            boolean temporary = options.kubeconfig() == null;
            Path file = temporary ? Files.createTempFile("sandbox-", ".kubeconfig") : options.kubeconfig();
            SandboxKubeconfig kubeconfig = SandboxKubeconfig.install(file, server.url());
            if (kubeconfig.merged()) {
                LOG.info(
                        "added the sandbox cluster, user and context to {} and made it the current context (was {}); "
                                + "taken out again on exit",
                        kubeconfig.file(),
                        kubeconfig.previousContext());
            }
            LOG.info(
                    "sandbox ready at {} with {} worker node(s); kubeconfig {}",
                    server.url(),
                    options.nodes(),
                    kubeconfig.file());
            return new Sandbox(server, client, cluster, kubeconfig, temporary, operatorResources);
        } catch (Exception | Error e) {
            closeQuietly(operatorResources);
            if (cluster != null) {
                cluster.close();
            }
            if (client != null) {
                client.close();
            }
            server.close();
            throw e;
        }
    }

    /** The API server URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return server.url();
    }

    /** The embedded API server, e.g. to {@link ApiServer#restart restart} it. */
    public ApiServer apiServer() {
        return server;
    }

    /** A client to the embedded server (shared with the simulators; do not close it). */
    public KubernetesClient client() {
        return client;
    }

    /** The kubeconfig written for kubectl (or the existing one the sandbox's context was added to). */
    public Path kubeconfig() {
        return kubeconfig.file();
    }

    /**
     * Stops the operator, the simulators and the server; deletes a temporary kubeconfig, and takes the
     * sandbox's entries out of a kubeconfig they were added to.
     */
    @Override
    public void close() {
        closeQuietly(operatorResources);
        cluster.close();
        client.close();
        server.close();
        try {
            if (temporaryKubeconfig) {
                Files.deleteIfExists(kubeconfig.file());
            } else {
                kubeconfig.restore();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not clean up the kubeconfig {}: {}", kubeconfig.file(), e.toString());
        }
    }

    /**
     * A fabric8 client for {@code url} that ignores any kubeconfig or environment of the machine: the
     * simulators' and tools' client, with fabric8's retries. The operator gets the client it ships
     * ({@link OperatorClients}) instead.
     */
    public static KubernetesClient newClient(String url) {
        return new KubernetesClientBuilder().withConfig(clientConfig(url)).build();
    }

    private static Config clientConfig(String url) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withConnectionTimeout(10_000)
                .withRequestTimeout(30_000)
                .build();
    }

    private static void installCrd(KubernetesClient client) throws IOException {
        try (InputStream in = Sandbox.class.getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + CRD_RESOURCE + " not on the classpath (run the Maven build)");
            }
            CustomResourceDefinition crd =
                    client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .create();
        }
    }

    private static void closeQuietly(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", r, e);
            }
        }
        resources.clear();
    }
}
