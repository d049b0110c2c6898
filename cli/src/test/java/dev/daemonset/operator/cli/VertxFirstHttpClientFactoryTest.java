package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/** The one-shot commands' own JDK client is checked where both clients of the command line are: RunCommandTest. */
class VertxFirstHttpClientFactoryTest {

    @Test
    void aClientBuiltWithoutNamingItsHttpClientGetsVertxThoughTheJdkClientIsThere() {
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(Config.empty()).build()) {
            assertThat(client.getHttpClient().getClass().getName()).contains(".vertx5.");
        }
    }
}
