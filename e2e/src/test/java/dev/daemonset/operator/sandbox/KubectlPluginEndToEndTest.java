package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin as a user runs it: the installed kubectl finds bin/kubectl-dds on PATH, which starts the
 * production jar (a copy, so that its class-data archive is written beside the copy, not into the build).
 * Needs the jar that {@code mvn verify} packages before this module's tests run.
 */
@Timeout(120)
class KubectlPluginEndToEndTest {
    private static final Path PRODUCTION_JAR = Path.of("cli", "target", "daemonset-operator.jar");
    private static final Path EXAMPLE = Path.of("examples", "node-exporter.yaml");
    private static final String ARCHIVED = "source: shared objects file";

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Kubectl.binary()).as("kubectl must be on PATH").isNotNull();
        assertThat(PRODUCTION_JAR)
                .as("the production jar, which 'mvn -B verify' builds before these tests run")
                .isRegularFile();
        jar = Files.copy(
                PRODUCTION_JAR, Files.createDirectories(tmp.resolve("dist")).resolve("daemonset-operator.jar"));
        sandbox = Sandbox.start(
                new SandboxOptions(3, 0, tmp.resolve("sandbox.kubeconfig"), Duration.ofMillis(300), false));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theArchiveTheFirstCommandWritesServesTheClassesOfTheOthers() throws IOException {
        KubernetesClient client = sandbox.client();
        new Kubectl(sandbox.kubeconfig(), tmp.resolve("cache"))
                .run("apply", "-f", EXAMPLE.toString())
                .assertOk();
        Path archive = jar.resolveSibling("daemonset-operator.jsa");
        Path classLog = tmp.resolve("explain-classes.log");

        plugin(Map.of()).run("dds", "describe", "node-exporter").assertOk();
        assertThat(archive).as("written by the first run").isNotEmptyFile();
        Kubectl.Result explain = plugin(Map.of("DDS_JAVA_OPTS", "-Xlog:class+load:file=" + classLog))
                .run("dds", "explain", "node-exporter")
                .assertOk();

        List<String> ours = loaded(classLog, "dev.daemonset.operator.");
        List<String> models = loaded(classLog, "io.fabric8.kubernetes.api.model.");
        assertThat(ours).as("explain's own classes").hasSizeGreaterThan(50);
        assertThat(models).as("the model classes explain reads").hasSizeGreaterThan(100);
        // the few that implement a picocli interface (a version provider, type converters) cannot be archived:
        // picocli's class files are older than class-data sharing supports
        assertThat(notArchived(ours))
                .as("explain's classes read from the jar, although describe wrote the archive")
                .hasSizeLessThan(ours.size() / 20);
        assertThat(notArchived(models)).isEmpty();
        assertThat(explain.out())
                .contains(client.nodes().list().getItems().get(0).getMetadata().getName());
    }

    private static List<String> notArchived(List<String> loaded) {
        return loaded.stream().filter(line -> !line.contains(ARCHIVED)).toList();
    }

    private static Kubectl plugin(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("PATH", Path.of("bin").toAbsolutePath() + File.pathSeparator + System.getenv("PATH"));
        environment.put("DDS_JAR", jar.toString());
        return new Kubectl(sandbox.kubeconfig(), tmp.resolve("cache"), environment);
    }

    /** The class-load log lines of named classes in {@code prefix}, leaving out classes generated at run time. */
    private static List<String> loaded(Path log, String prefix) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" " + prefix))
                    .filter(line -> !line.contains("$$Lambda") && !line.contains("/0x"))
                    .toList();
        }
    }
}
