package dev.daemonset.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/ is the whole install with the CRD: it must parse as Kubernetes objects and the operator's
 * Deployment must be something a platform team would let run (restricted pod security, probes,
 * resources, leader election with two replicas, metrics reachable).
 */
class DeployManifestsTest {
    private static final DeployManifests manifests = DeployManifests.load();
    private static final Deployment deployment = manifests.one(Deployment.class);
    private static final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private static final Container operator = pod.getContainers().get(0);
    private static final String namespace =
            manifests.one(Namespace.class).getMetadata().getName();

    @Test
    void everyDocumentIsATypedKubernetesObjectInTheOperatorsNamespace() {
        assertThat(manifests.all()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getClass().getPackageName())
                    .as("%s parsed as a known kind", o.getKind())
                    .startsWith("io.fabric8.kubernetes.api.model");
            assertThat(o.getMetadata().getName()).isNotBlank();
        });
        assertThat(manifests.all())
                .filteredOn(DeployManifestsTest::isNamespaced)
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind())
                        .isEqualTo(namespace));
        assertThat(manifests.all().get(0)).as("the namespace is applied first").isInstanceOf(Namespace.class);
    }

    @Test
    void everyObjectCarriesTheAppLabelSoOneSelectorFindsTheWholeInstall() {
        assertThat(manifests.all())
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/name", "daemonset-operator"));
    }

    @Test
    void theRbacObjectsAreAllThere() {
        assertThat(manifests.all(ServiceAccount.class))
                .singleElement()
                .satisfies(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(pod.getServiceAccountName()));
        assertThat(manifests.all(ClusterRole.class)).hasSize(1);
        assertThat(manifests.all(ClusterRoleBinding.class)).hasSize(1);
        assertThat(manifests.all(Role.class)).hasSize(1);
        assertThat(manifests.all(RoleBinding.class)).hasSize(1);
    }

    @Test
    void twoReplicasElectALeaderOnTheLeaseTheRoleAllows() {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Map<String, EnvVar> env = env();
        assertThat(env.get("DDS_LEADER_ELECT").getValue()).isEqualTo("true");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        Role role = manifests.one(Role.class);
        assertThat(role.getRules())
                .anySatisfy(r -> assertThat(r.getResourceNames())
                        .containsExactly(env.get("DDS_LEASE_NAME").getValue()));
    }

    @Test
    void probesHitTheHealthEndpointsOnTheHealthPort() {
        String healthPort = env().get("DDS_HEALTH_PORT").getValue();
        assertThat(port("health").getContainerPort()).isEqualTo(Integer.parseInt(healthPort));
        assertProbe(operator.getLivenessProbe(), "/healthz");
        assertProbe(operator.getReadinessProbe(), "/readyz");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health");
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    void theContainerMeetsTheRestrictedPodSecurityStandard() {
        SecurityContext sc = operator.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser())
                .as("numeric, so the kubelet can verify non-root")
                .isPositive();
        assertThat(operator.getVolumeMounts())
                .as("a writable /tmp for the JVM on a read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void theMetricsServiceReachesTheMetricsPortOfTheOperatorPods() {
        Service service = manifests.one(Service.class);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics");
            assertThat(p.getPort()).isEqualTo(port("metrics").getContainerPort());
        });
        assertThat(port("metrics").getContainerPort())
                .isEqualTo(Integer.parseInt(env().get("DDS_METRICS_PORT").getValue()));
    }

    private static ContainerPort port(String name) {
        return operator.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, EnvVar> env() {
        return operator.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    private static boolean isNamespaced(HasMetadata o) {
        return !(o instanceof Namespace
                || o instanceof ClusterRole
                || o instanceof ClusterRoleBinding
                || Objects.equals(o.getKind(), "CustomResourceDefinition"));
    }
}
