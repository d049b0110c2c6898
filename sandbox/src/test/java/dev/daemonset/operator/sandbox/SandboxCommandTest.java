package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SandboxCommandTest {
    private static SandboxOptions parse(String... args) {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void theCommandRunsTheAddonsAndTheOperatorByDefault() {
        SandboxOptions options = parse();
        assertThat(options.addons()).isTrue();
        assertThat(options.withOperator()).isTrue();
        assertThat(options.nodes()).isEqualTo(3);
        assertThat(options.kubeconfig()).isEqualTo(Path.of("./sandbox.kubeconfig"));
        assertThat(options.readyAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void noAddonsStartsAnEmptyCluster() {
        SandboxOptions options = parse("--no-addons", "--no-operator", "--nodes", "1");
        assertThat(options.addons()).isFalse();
        assertThat(options.withOperator()).isFalse();
        assertThat(options.nodes()).isEqualTo(1);
    }

    @Test
    void programmaticOptionsHaveNoAddons() {
        assertThat(SandboxOptions.defaults().addons()).isFalse();
        assertThat(new SandboxOptions(1, 0, null, Duration.ZERO, false).addons())
                .isFalse();
        assertThat(SandboxOptions.defaults().withAddons(true).withNodes(2).addons())
                .isTrue();
    }

    @Test
    void theAddonManifestsAreOnTheClasspath() {
        for (String manifest : Addons.MANIFESTS) {
            assertThat(Addons.class.getResource(manifest)).as(manifest).isNotNull();
        }
    }
}
