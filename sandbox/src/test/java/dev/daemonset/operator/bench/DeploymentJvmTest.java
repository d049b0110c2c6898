package dev.daemonset.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's footprint figures are for the JVM the shipped Deployment runs, not another one. */
class DeploymentJvmTest {
    @Test
    void theBenchmarksOperatorJvmHasTheShippedDeploymentsHeap() throws Exception {
        Object read = Serialization.unmarshal(Files.readString(Path.of("deploy/02-deployment.yaml")));
        List<?> objects = read instanceof List<?> many ? many : List.of(read);
        Deployment deployment = objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        var container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Quantity limit = container.getResources().getLimits().get("memory");
        String javaOptions = container.getEnv().stream()
                .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .findFirst()
                .orElseThrow()
                .getValue();

        assertThat(Quantity.getAmountInBytes(limit).longValueExact())
                .isEqualTo(DeploymentJvm.MEMORY_LIMIT_MIB * 1024 * 1024);
        assertThat(javaOptions)
                .contains("-XX:MaxRAMPercentage=" + DeploymentJvm.MAX_RAM_PERCENTAGE + " ")
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(DeploymentJvm.options()).contains("-XX:+ExitOnOutOfMemoryError");
    }
}
