package dev.daemonset.operator.faults;

import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;

/**
 * One operator "process", configured as {@code run} ships it: the client {@link OperatorClients} builds
 * (no HTTP retries, the shipped timeouts), with every request tagged with the instance name so that the
 * {@link FaultInjector} can find it, and the operator on it with {@link OperatorConfig#defaults()} (the
 * shipped write settle period).
 */
final class OperatorInstance implements AutoCloseable {
    private final String name;
    private final KubernetesClient client;
    private final Operator operator;

    private OperatorInstance(String name, KubernetesClient client, Operator operator) {
        this.name = name;
        this.client = client;
        this.operator = operator;
    }

    static OperatorInstance start(String url, String name) {
        return start(url, name, OperatorConfig.defaults());
    }

    static OperatorInstance startWithLeaderElection(String url, String name, LeaderElectionSettings election) {
        return start(url, name, OperatorConfig.defaults().withLeaderElection(election));
    }

    private static OperatorInstance start(String url, String name, OperatorConfig config) {
        KubernetesClient client = clientFor(url, name);
        try {
            return new OperatorInstance(name, client, Operator.start(client, config));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The shipped client for the API server at {@code url}; the only addition is a header naming the
     * instance, which changes nothing the client does.
     */
    static KubernetesClient clientFor(String url, String instance) {
        Interceptor tag = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                builder.setHeader(FaultInjector.INSTANCE_HEADER, instance);
            }
        };
        return OperatorClients.client(OperatorClients.forMasterUrl(url), Map.of("fault-suite-instance", tag));
    }

    String name() {
        return name;
    }

    Operator operator() {
        return operator;
    }

    boolean isLeading() {
        return operator.isLeading();
    }

    /**
     * A hard kill: from this moment the API server refuses everything the instance sends, so it can
     * neither finish a write nor release its lease. Its threads are then wound down in the background
     * only to free the test JVM; nothing they do reaches the cluster any more.
     */
    void kill(FaultInjector injector) {
        injector.kill(name);
        Thread reaper = new Thread(this::close, "reap-" + name);
        reaper.setDaemon(true);
        reaper.start();
    }

    @Override
    public void close() {
        try {
            operator.close();
        } finally {
            client.close();
        }
    }
}
