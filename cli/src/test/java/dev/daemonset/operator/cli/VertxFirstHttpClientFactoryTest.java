package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VertxFirstHttpClientFactoryTest {

    @Test
    void aClientBuiltWithoutNamingItsHttpClientGetsVertxThoughTheJdkClientIsThere() {
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(Config.empty()).build()) {
            assertThat(client.getHttpClient().getClass().getName()).contains(".vertx5.");
        }
    }

    @Test
    void oneShotCommandsTalkOverTheJdkClient(@TempDir Path tmp) throws Exception {
        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                users: [{name: u, user: {token: t}}]
                current-context: c
                """);
        KubeconfigOption option =
                CommandLine.populateCommand(new KubeconfigOption(), "--kubeconfig", kubeconfig.toString());
        try (KubernetesClient client = option.client()) {
            assertThat(client.getHttpClient().getClass().getName()).contains(".jdkhttp.");
        }
    }
}
