package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.exec.KubernetesPodControl;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller deletes a pod only if it is still the pod it planned to delete: a pod of the same
 * name created in between (by a user, or re-created by another controller) stays. It adopts and
 * releases likewise: only the pod it read, and only its own owner reference.
 */
class PodDeletePreconditionTest {
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(null)
                .withReadyAfter(Duration.ofMillis(100))
                .withOperator(false));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aPodReplacedUnderTheSameNameIsNotDeleted() {
        Pod first = create("agent-x");
        client.pods().withName("agent-x").withGracePeriod(0).delete();
        org.awaitility.Awaitility.await()
                .until(() -> client.pods().withName("agent-x").get() == null);
        Pod second = create("agent-x");

        boolean deleted = new KubernetesPodControl(client)
                .delete("default", "agent-x", first.getMetadata().getUid());

        assertThat(deleted).isFalse();
        assertThat(client.pods().withName("agent-x").get().getMetadata().getUid())
                .isEqualTo(second.getMetadata().getUid());
        assertThat(new KubernetesPodControl(client)
                        .delete("default", "agent-x", second.getMetadata().getUid()))
                .isTrue();
    }

    @Test
    void aGoneOrWronglyNamedPodIsReportedNotDeleted() {
        assertThat(new KubernetesPodControl(client).delete("default", "never-existed", "123"))
                .isFalse();
    }

    @Test
    void theApiServerRefusesAStalePreconditionWithAConflict() {
        create("agent-y");
        assertThatThrownBy(() -> client.raw(
                        "/api/v1/namespaces/default/pods/agent-y",
                        "DELETE",
                        "{\"preconditions\":{\"uid\":\"not-this-one\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Precondition failed: UID in precondition: not-this-one");
                });
    }

    @Test
    void adoptionAddsOnlyItsOwnReferenceAndNeverClaimsAPodReCreatedUnderTheSameName() {
        OwnerReference other = new OwnerReferenceBuilder()
                .withApiVersion("example.com/v1")
                .withKind("Audit")
                .withName("audit")
                .withUid("audit-uid")
                .build();
        Pod stored = client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("agent-z")
                        .withOwnerReferences(other)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("registry.example/c:1")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        // as read before the other owner was added
        Pod pod = new PodBuilder(stored)
                .editMetadata()
                .withOwnerReferences()
                .endMetadata()
                .build();
        OwnerReference controller = new OwnerReferenceBuilder()
                .withApiVersion("daemonset.dev/v1alpha1")
                .withKind("DaemonSet")
                .withName("agent")
                .withUid("ds-uid")
                .withController(true)
                .build();
        KubernetesPodControl pods = new KubernetesPodControl(client);

        // read before the other owner was added: the adoption must keep it all the same
        pods.setOwnerReferences(pod, List.of(controller));
        assertThat(client.pods().withName("agent-z").get().getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getUid)
                .containsExactlyInAnyOrder("audit-uid", "ds-uid");

        client.pods().withName("agent-z").withGracePeriod(0).delete();
        org.awaitility.Awaitility.await()
                .until(() -> client.pods().withName("agent-z").get() == null);
        create("agent-z");
        assertThatThrownBy(() -> pods.setOwnerReferences(pod, List.of(controller)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getMessage())
                            .contains("Precondition failed: UID in precondition: "
                                    + pod.getMetadata().getUid());
                });
        assertThat(client.pods().withName("agent-z").get().getMetadata().getOwnerReferences())
                .isNullOrEmpty();
    }

    private static Pod create(String name) {
        return client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("registry.example/c:1")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }
}
