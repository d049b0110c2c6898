package dev.daemonset.operator.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import java.time.Duration;
import java.util.Map;

/**
 * The Kubernetes client the operator ships, built in one place: {@code run} and every other command get it
 * (through the kubeconfig option), and so does every test that claims production behaviour, so that a test
 * proves the configuration that runs. Whatever the kubeconfig, the environment or fabric8's defaults say:
 *
 * <ul>
 *   <li><b>No HTTP retries.</b> fabric8 re-sends a request that failed with a 5xx or an I/O error up to ten
 *       times; for a pod create the server may already have applied, that is a second pod. The operator's
 *       queue retries instead, after the informer has shown what happened, and its informers relist on
 *       their own. A command fails at once, as kubectl does, instead of retrying for about 20 seconds.</li>
 *   <li><b>managedFields are not read</b> ({@link OperatorSerialization}): nothing of the operator's uses
 *       them, and they are much of every pod event its informers decode.</li>
 *   <li><b>{@link #REQUEST_TIMEOUT} and {@link #CONNECTION_TIMEOUT}</b>, stated here rather than inherited,
 *       so that a {@code KUBERNETES_REQUEST_TIMEOUT} in the environment cannot make the operator run with
 *       timings nothing was tested with.</li>
 * </ul>
 *
 * Leader election derives its lease client from this one ({@code LeaseElection.leaseClient}): same HTTP
 * client, a shorter timeout.
 */
public final class OperatorClients {
    /**
     * How long one request may take before it counts as failed (its outcome unknown, for a write). fabric8's
     * default, kept: an API server under load can take seconds to answer a list or a write, and a shorter
     * timeout turns slow answers into uncertain writes, each of which holds its DaemonSet back for the write
     * settle period. The lease requests have their own, shorter timeout.
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for a TCP (and TLS) connection to the API server: fabric8's default, kept. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** fabric8's retry count for failed requests; 0 turns its retries off. */
    static final int HTTP_RETRIES = 0;
    /** The namespace of a client built from a bare master URL, as kubectl assumes without a kubeconfig context. */
    static final String DEFAULT_NAMESPACE = "default";

    private OperatorClients() {}

    /**
     * Sets the shipped client settings on {@code base} (from a kubeconfig, in-cluster, or {@link #forMasterUrl})
     * and returns it. Set on the object itself, not a copy: a kubeconfig's config also carries what its builder
     * does not copy, such as the file relative certificate paths resolve against.
     */
    public static Config configure(Config base) {
        base.setRequestRetryBackoffLimit(HTTP_RETRIES);
        base.setRequestTimeout(millis(REQUEST_TIMEOUT));
        base.setConnectionTimeout(millis(CONNECTION_TIMEOUT));
        return base;
    }

    /** The shipped configuration for an API server at {@code masterUrl}, ignoring any kubeconfig or environment. */
    public static Config forMasterUrl(String masterUrl) {
        return configure(new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace(DEFAULT_NAMESPACE)
                .build());
    }

    /** The shipped client for {@code base} (see {@link #configure}). */
    public static KubernetesClient client(Config base) {
        return client(base, Map.of());
    }

    /**
     * As {@link #client(Config)}, with extra HTTP interceptors by name, run before every request; an interceptor
     * may add a header (to tell one client's requests apart on the server) but must not change what is sent
     * or how the answer is handled.
     */
    public static KubernetesClient client(Config base, Map<String, Interceptor> interceptors) {
        return client(base, new Vertx5HttpClientFactory(), interceptors);
    }

    /**
     * As {@link #client(Config)} on another HTTP client than the operator's Vert.x one; for a process that makes
     * a few requests and exits, where Vert.x's start-up costs more than the requests.
     */
    public static KubernetesClient client(Config base, HttpClient.Factory httpClients) {
        return client(base, httpClients, Map.of());
    }

    private static KubernetesClient client(
            Config base, HttpClient.Factory httpClients, Map<String, Interceptor> interceptors) {
        Config config = configure(base);
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(httpClients)
                .withKubernetesSerialization(OperatorSerialization.INSTANCE);
        if (!interceptors.isEmpty()) {
            builder.withHttpClientBuilderConsumer(http -> interceptors.forEach(http::addOrReplaceInterceptor));
        }
        return builder.build();
    }

    private static int millis(Duration d) {
        return Math.toIntExact(d.toMillis());
    }
}
