package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.testing.MockCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One mock cluster per test class, and the rollout CLI pointed at it through a kubeconfig file. */
abstract class MockClusterCommandTest {
    static MockCluster cluster;
    static RolloutCli cli;

    @BeforeAll
    static void startCluster(@TempDir Path dir) {
        cluster = MockCluster.start();
        cli = RolloutCli.against(cluster, dir, "default");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }
}
