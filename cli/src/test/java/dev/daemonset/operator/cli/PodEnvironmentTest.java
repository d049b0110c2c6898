package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void theLeaseNamespaceIsThePodsFromTheDownwardApiThenTheServiceAccountThenTheFallback() throws Exception {
        Path saFile = Files.writeString(tmp.resolve("namespace"), "from-sa\n");
        assertThat(new PodEnvironment(Map.of("POD_NAMESPACE", "from-env"), saFile).namespace("fallback"))
                .isEqualTo("from-env");
        assertThat(new PodEnvironment(Map.of(), saFile).namespace("fallback")).isEqualTo("from-sa");
        assertThat(new PodEnvironment(Map.of(), tmp.resolve("absent")).namespace("fallback"))
                .isEqualTo("fallback");
    }

    @Test
    void theIdentityIsThePodNameOrAUniqueNameOnTheHost() {
        assertThat(new PodEnvironment(Map.of("POD_NAME", "op-1"), tmp).identity())
                .isEqualTo("op-1");
        PodEnvironment outsideAPod = new PodEnvironment(Map.of("HOSTNAME", "laptop"), tmp);
        assertThat(outsideAPod.identity())
                .startsWith("laptop_")
                .as("two copies on one machine must not share a lease identity")
                .isNotEqualTo(outsideAPod.identity());
    }
}
