package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** A new template, and pods that take two seconds to count as available: a rollout long enough to watch. */
    private static final String ROLLED_TEMPLATE = "{\"spec\":{\"minReadySeconds\":2,"
            + "\"template\":{\"metadata\":{\"annotations\":{\"rolled\":\"yes\"}}}}}";

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

    @Test
    @Timeout(240)
    void theShippedJarRunsTheOperatorAndFollowsItsRolloutOverTheWatch() throws Exception {
        // the shipped jar registers only the kinds the operator watches with fabric8's deserializer: its operator
        // must still see every pod, node and revision event, and rollout status every DaemonSet event
        Kubectl kubectl = new Kubectl(sandbox.kubeconfig(), tmp.resolve("cache"));
        kubectl.run("apply", "-f", EXAMPLE.toString()).assertOk();
        Process operator = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "run",
                        "--kubeconfig",
                        sandbox.kubeconfig().toString(),
                        "--health-port",
                        String.valueOf(freePort()),
                        "--metrics-port",
                        String.valueOf(freePort()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("operator.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(status())
                            .as("node-exporter rolled out by the shipped operator")
                            .isNotNull()
                            .satisfies(s -> assertThat(s.getNumberAvailable()).isEqualTo(3)));
            kubectl.run("patch", "dds", "node-exporter", "--type=merge", "-p", ROLLED_TEMPLATE)
                    .assertOk();

            Kubectl.Result rollout = plugin(Map.of())
                    .run("dds", "rollout", "status", "node-exporter", "--timeout=120s")
                    .assertOk();

            // a wait first, read from the informer's list, then the end, which only a watch event can have brought
            assertThat(rollout.out())
                    .startsWith("Waiting for daemon set \"node-exporter\" rollout to finish")
                    .endsWith("daemon set \"node-exporter\" successfully rolled out\n");
            assertThat(sandbox.client().pods().inNamespace("default").list().getItems())
                    .filteredOn(p -> p.getMetadata().getName().startsWith("node-exporter-"))
                    .filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .hasSize(3)
                    .allSatisfy(
                            p -> assertThat(p.getMetadata().getAnnotations()).containsEntry("rolled", "yes"));
        } finally {
            operator.destroy();
            operator.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static DaemonSetStatus status() {
        DaemonSet ds = sandbox.client()
                .resources(DaemonSet.class)
                .inNamespace("default")
                .withName("node-exporter")
                .get();
        return ds == null ? null : ds.getStatus();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
