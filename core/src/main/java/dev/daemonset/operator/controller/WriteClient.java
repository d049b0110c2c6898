package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;

/**
 * The client every write of the operator goes through, and its request timeout. With leader election
 * the timeout ends a write before the lease could pass on ({@link LeaderElectionSettings#writeTimeout});
 * without, it is the client's own. The HTTP client, and with it its interceptors, is shared.
 */
record WriteClient(KubernetesClient client, Duration timeout) {

    static WriteClient of(KubernetesClient client, LeaderElectionSettings election) {
        Duration timeout = timeout(client, election);
        RequestConfig current = client.getConfiguration().getRequestConfig();
        if (current.getRequestTimeout() == timeout.toMillis()) {
            return new WriteClient(client, timeout);
        }
        RequestConfig requestConfig = new RequestConfigBuilder(current)
                .withRequestTimeout((int) timeout.toMillis())
                .build();
        return new WriteClient(client.newClient(requestConfig).adapt(KubernetesClient.class), timeout);
    }

    private static Duration timeout(KubernetesClient client, LeaderElectionSettings election) {
        Duration own =
                Duration.ofMillis(client.getConfiguration().getRequestConfig().getRequestTimeout());
        if (election == null || (!own.isZero() && !own.isNegative() && own.compareTo(election.writeTimeout()) <= 0)) {
            return own;
        }
        return election.writeTimeout();
    }

    /** How long a write can take before the client gives up on it: the timeout, plus fabric8's grace. */
    Duration longest() {
        return timeout.plus(
                timeout.compareTo(LeaderElectionSettings.CLIENT_GRACE_CAP) < 0
                        ? timeout
                        : LeaderElectionSettings.CLIENT_GRACE_CAP);
    }
}
