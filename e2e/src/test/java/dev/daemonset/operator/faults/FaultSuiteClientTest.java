package dev.daemonset.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.cli.KubeconfigOption;
import dev.daemonset.operator.testing.TokenKubeconfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fault suite proves fencing, duplicates and loss with the client {@code run} ships: for the same API
 * server, its operators' client and {@code run}'s (the {@code --kubeconfig} option every command shares)
 * retry, time out and reconnect alike.
 */
class FaultSuiteClientTest {
    private static final String SERVER = "https://127.0.0.1:6443";

    @Test
    void theFaultSuitesOperatorsRunWithTheClientRunShips(@TempDir Path tmp) throws Exception {
        Path kubeconfig = TokenKubeconfig.write(tmp.resolve("kubeconfig"), SERVER);
        KubeconfigOption runs =
                CommandLine.populateCommand(new KubeconfigOption(), "--kubeconfig", kubeconfig.toString());
        try (KubernetesClient run = runs.operatorClient();
                KubernetesClient suite = OperatorInstance.clientFor(SERVER, "op-1")) {
            assertThat(suite.getMasterUrl()).isEqualTo(run.getMasterUrl());
            assertThat(behaviour(suite.getConfiguration())).isEqualTo(behaviour(run.getConfiguration()));
        }
    }

    /** Every setting that decides when a request is re-sent, given up on, or a watch reconnected. */
    private static Map<String, Object> behaviour(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestTimeout", c.getRequestTimeout());
        m.put("connectionTimeout", c.getConnectionTimeout());
        m.put("requestRetryBackoffLimit", c.getRequestRetryBackoffLimit());
        m.put("requestRetryBackoffInterval", c.getRequestRetryBackoffInterval());
        m.put("watchReconnectInterval", c.getWatchReconnectInterval());
        m.put("watchReconnectLimit", c.getWatchReconnectLimit());
        m.put("websocketPingInterval", c.getWebsocketPingInterval());
        m.put("maxConcurrentRequests", c.getMaxConcurrentRequests());
        m.put("maxConcurrentRequestsPerHost", c.getMaxConcurrentRequestsPerHost());
        m.put("onlyHttpWatches", c.isOnlyHttpWatches());
        m.put("http2Disable", c.isHttp2Disable());
        m.put("requestConfig.requestTimeout", c.getRequestConfig().getRequestTimeout());
        m.put("requestConfig.requestRetryBackoffLimit", c.getRequestConfig().getRequestRetryBackoffLimit());
        return m;
    }
}
