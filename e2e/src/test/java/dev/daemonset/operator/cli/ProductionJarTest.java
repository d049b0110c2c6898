package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the image ships, {@code cli/target/daemonset-operator.jar}, holds the operator and its CLI and
 * nothing of the sandbox: no mock API server, no simulator, no benchmark, and no command to start them.
 * The development jar at {@code target/} still has every command.
 */
class ProductionJarTest {
    private static final Path PRODUCTION = Path.of("cli", "target", "daemonset-operator.jar");
    private static final Path DEVELOPMENT = Path.of("target", "daemonset-operator.jar");
    private static final List<String> SANDBOX_ONLY = List.of(
            "dev/daemonset/operator/sandbox/",
            "dev/daemonset/operator/bench/",
            "dev/daemonset/operator/devtools/",
            "io/fabric8/mockwebserver/",
            "io/fabric8/kubernetes/client/server/mock/",
            "io/vertx/ext/web/handler/",
            "dev/cel/",
            "crds/");

    @Test
    void theProductionJarCarriesNoSandboxCode() throws IOException {
        assumeTrue(Files.exists(PRODUCTION), "built by the package phase (mvn -B verify)");
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(PRODUCTION.toFile())) {
            jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> SANDBOX_ONLY.stream().anyMatch(n::startsWith))
                    .limit(5)
                    .forEach(found::add);
            assertThat(jar.getEntry("dev/daemonset/operator/controller/Operator.class"))
                    .as("the operator")
                    .isNotNull();
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theProductionJarRunsTheOperatorCommandsAndRefusesTheSandbox() throws Exception {
        assumeTrue(Files.exists(PRODUCTION), "built by the package phase (mvn -B verify)");
        Run help = java(PRODUCTION, "--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("run ", "rollout ", "explain ").doesNotContain("sandbox ", "bench ");
        Run sandbox = java(PRODUCTION, "sandbox");
        assertThat(sandbox.exit).isEqualTo(2);
        assertThat(sandbox.out).contains("Unmatched argument at index 0: 'sandbox'");
    }

    @Test
    void theDevelopmentJarHasEveryCommand() throws Exception {
        assumeTrue(Files.exists(DEVELOPMENT), "built by the package phase (mvn -B verify)");
        Run help = java(DEVELOPMENT, "--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("run ", "rollout ", "explain ", "sandbox ", "bench ");
    }

    private record Run(int exit, String out) {}

    private static Run java(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }
}
