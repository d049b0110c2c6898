package dev.daemonset.operator.cli;

import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;

/**
 * The HTTP client of every fabric8 client built without naming one (the sandbox's simulators, tools, tests):
 * Vert.x, the operator's, as before this module put the JDK's client on the classpath for the one-shot commands
 * ({@link KubeconfigOption} names that one). fabric8 takes the registered factory of highest priority, and the
 * JDK's (0) outranks Vert.x's own (-1). A test's watch over the JDK client's WebSocket once failed against the
 * sandbox, where Vert.x's never had; the simulators and tests keep the client they were proven with.
 */
public final class VertxFirstHttpClientFactory extends Vertx5HttpClientFactory {
    @Override
    public int priority() {
        return 1;
    }
}
