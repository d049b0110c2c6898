package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store finds objects through its name index: objects sharing a name across namespaces and kinds
 * stay apart, and every read and write by name reaches exactly the object a full scan would.
 */
class NameIndexedStoreTest {
    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = ApiServer.start(0, Clock.systemUTC());
        client = Sandbox.newClient(server.url());
        for (String ns : new String[] {"one", "two"}) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
            client.configMaps()
                    .inNamespace(ns)
                    .resource(configMap("shared", ns))
                    .create();
        }
        client.secrets()
                .inNamespace("one")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("shared")
                        .endMetadata()
                        .withStringData(Map.of("k", "secret"))
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void sameNameInOtherNamespacesAndKindsStaysApart() {
        assertThat(client.configMaps()
                        .inNamespace("one")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "one");
        assertThat(client.configMaps()
                        .inNamespace("two")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "two");
        assertThat(client.secrets().inNamespace("one").withName("shared").get()).isNotNull();
        assertThat(client.configMaps().inNamespace("three").withName("shared").get())
                .isNull();
    }

    @Test
    void deletingOneLeavesTheOthersAndTheNameCanBeUsedAgain() {
        assertThat(client.configMaps().inNamespace("one").withName("shared").delete())
                .hasSize(1);

        assertThat(client.configMaps().inNamespace("one").withName("shared").get())
                .isNull();
        assertThat(client.configMaps().inNamespace("two").withName("shared").get())
                .isNotNull();
        assertThat(client.secrets().inNamespace("one").withName("shared").get()).isNotNull();
        client.configMaps()
                .inNamespace("one")
                .resource(configMap("shared", "again"))
                .create();
        assertThat(client.configMaps()
                        .inNamespace("one")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "again");
        assertThat(client.configMaps().inAnyNamespace().list().getItems()).hasSize(2);
    }

    @Test
    void updatesReachTheNamedObjectAndStaleOnesConflict() {
        ConfigMap stale =
                client.configMaps().inNamespace("two").withName("shared").get();
        client.configMaps().inNamespace("two").withName("shared").edit(cm -> {
            cm.setData(Map.of("from", "edited"));
            return cm;
        });

        assertThat(client.configMaps()
                        .inNamespace("two")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "edited");
        assertThat(client.configMaps()
                        .inNamespace("one")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "one");
        assertThatThrownBy(() ->
                        client.configMaps().inNamespace("two").resource(stale).update())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aSecondCreateOfTheSameNameConflicts() {
        assertThatThrownBy(() -> client.configMaps()
                        .inNamespace("one")
                        .resource(configMap("shared", "dup"))
                        .create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.configMaps()
                        .inNamespace("one")
                        .withName("shared")
                        .get()
                        .getData())
                .containsEntry("from", "one");
    }

    private static ConfigMap configMap(String name, String from) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(Map.of("from", from))
                .build();
    }
}
