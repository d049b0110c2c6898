package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-dds finds the jar and hands every argument to java unchanged. A stand-in java
 * (JAVA_HOME/bin/java printing its arguments, writing the class-data archive it is asked for and
 * exiting with $FAKE_JAVA_EXIT) shows what would run, without building the jar.
 */
class KubectlPluginLauncherTest {
    private static final Path LAUNCHER = Path.of("bin/kubectl-dds");

    @TempDir
    Path tmp;

    private Path javaHome;

    @BeforeEach
    void fakeJava() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        javaHome = tmp.resolve("jdk");
        executable(javaHome.resolve("bin/java"), """
                #!/bin/sh
                for arg in "$@"; do
                  case $arg in
                    -XX:ArchiveClassesAtExit=*) echo archive > "${arg#-XX:ArchiveClassesAtExit=}" ;;
                  esac
                done
                printf '%s\\n' "$@"
                exit "${FAKE_JAVA_EXIT:-0}"
                """);
    }

    @Test
    void usesTheJarBuiltInTheRepositoryTheScriptBelongsTo() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        Path jar = touch(repo.resolve("target/daemonset-operator.jar"));

        Run run = run(script, Map.of(), "rollout", "status", "agent", "-n", "kube-system");

        assertThat(run.exitCode).isZero();
        assertThat(jarAndArguments(run))
                .containsExactly(
                        "-jar", jar.toRealPath().toString(), "rollout", "status", "agent", "-n", "kube-system");
    }

    @Test
    void ddsJarWinsOverEverythingElse() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        touch(repo.resolve("target/daemonset-operator.jar"));
        Path chosen = touch(tmp.resolve("elsewhere/custom.jar"));

        Run run = run(script, Map.of("DDS_JAR", chosen.toString()), "rollout", "history", "agent");

        assertThat(jarAndArguments(run)).containsExactly("-jar", chosen.toString(), "rollout", "history", "agent");
    }

    @Test
    void fallsBackToAJarNextToTheScript() throws Exception {
        Path dist = tmp.resolve("dist");
        Path script = installLauncher(dist);
        Path jar = touch(dist.resolve("daemonset-operator.jar"));

        Run run = run(script, Map.of(), "--version");

        assertThat(jarAndArguments(run))
                .containsExactly("-jar", jar.toRealPath().toString(), "--version");
    }

    @Test
    void aSymlinkOnThePathStillFindsTheRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        Path jar = touch(repo.resolve("target/daemonset-operator.jar"));
        Path link = Files.createDirectories(tmp.resolve("home/bin")).resolve("kubectl-dds");
        Files.createSymbolicLink(link, script);

        Run run = run(link, Map.of(), "rollout", "restart", "agent");

        assertThat(jarAndArguments(run))
                .containsExactly("-jar", jar.toRealPath().toString(), "rollout", "restart", "agent");
    }

    @Test
    void argumentsWithSpacesAndQuotesArriveUnchanged() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        touch(repo.resolve("target/daemonset-operator.jar"));

        Run run = run(script, Map.of(), "rollout", "status", "my agent", "--timeout=1m 30s", "it's");

        assertThat(run.out).endsWith("rollout", "status", "my agent", "--timeout=1m 30s", "it's");
    }

    @Test
    void withoutAJarItSaysHowToGetOne() throws Exception {
        Path script = installLauncher(tmp.resolve("lonely"));

        Run run = run(script, Map.of(), "rollout", "status", "agent");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .contains("cannot find daemonset-operator.jar")
                .contains("mvn -B package")
                .contains("DDS_JAR");
    }

    @Test
    void aDdsJarThatDoesNotExistIsReported() throws Exception {
        Path script = installLauncher(tmp.resolve("repo/bin"));

        Run run = run(script, Map.of("DDS_JAR", tmp.resolve("missing.jar").toString()), "rollout");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("DDS_JAR is set to " + tmp.resolve("missing.jar") + ", which is not a file");
    }

    @Test
    void inTheRepositoryOneShotCommandsRunFromTheProductionJar() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        touch(repo.resolve("target/daemonset-operator.jar"));
        Path production = touch(repo.resolve("cli/target/daemonset-operator.jar"));

        Run run = run(script, Map.of(), "explain", "agent");

        assertThat(run.exitCode).isZero();
        assertThat(jarAndArguments(run))
                .containsExactly("-jar", production.toRealPath().toString(), "explain", "agent");
    }

    @Test
    void sandboxAndBenchRunFromTheDevelopmentJarWithTheJvmDefaults() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        Path development = touch(repo.resolve("target/daemonset-operator.jar"));
        touch(repo.resolve("cli/target/daemonset-operator.jar"));

        assertThat(run(script, Map.of(), "sandbox", "--port", "0").out)
                .containsExactly("-jar", development.toRealPath().toString(), "sandbox", "--port", "0");
        assertThat(run(script, Map.of(), "bench", "--quick").out)
                .containsExactly("-jar", development.toRealPath().toString(), "bench", "--quick");
    }

    @Test
    void theOperatorRunsWithTheJvmDefaultsAndNoArchive() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        touch(repo.resolve("target/daemonset-operator.jar"));
        Path production = touch(repo.resolve("cli/target/daemonset-operator.jar"));

        Run run = run(script, Map.of(), "run", "--log-format", "json");

        assertThat(run.out).containsExactly("-jar", production.toRealPath().toString(), "run", "--log-format", "json");
        assertThat(repo.resolve("cli/target/daemonset-operator.jsa")).doesNotExist();
    }

    @Test
    void theFirstOneShotRunWritesAClassDataArchiveNextToTheJarAndLaterRunsUseIt() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        touch(repo.resolve("target/daemonset-operator.jar"));
        touch(repo.resolve("cli/target/daemonset-operator.jar"));
        Path targetDir = repo.resolve("cli/target").toRealPath();
        Path archive = targetDir.resolve("daemonset-operator.jsa");

        Run first = run(script, Map.of(), "rollout", "status", "agent");

        assertThat(first.exitCode).isZero();
        assertThat(jvmOptions(first))
                .contains(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:CICompilerCount=1",
                        "-XX:C1MaxInlineLevel=1",
                        "-XX:+UseSerialGC")
                .anySatisfy(o -> assertThat(o).startsWith("-XX:ArchiveClassesAtExit=" + archive + "."))
                .contains("-D" + ArchivedClasses.WRITING_PROPERTY + "=true")
                .noneSatisfy(o -> assertThat(o).startsWith("-XX:SharedArchiveFile="));
        assertThat(archive).hasContent("archive");
        try (var files = Files.list(targetDir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("daemonset-operator.jar", "daemonset-operator.jsa");
        }

        Run second = run(script, Map.of(), "explain", "agent");

        assertThat(jvmOptions(second))
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive)
                .noneSatisfy(o -> assertThat(o).startsWith("-XX:ArchiveClassesAtExit="))
                .noneSatisfy(o -> assertThat(o).startsWith("-D" + ArchivedClasses.WRITING_PROPERTY));
    }

    @Test
    void aJarNewerThanItsArchiveGetsANewArchive() throws Exception {
        Path dist = tmp.resolve("dist");
        Path script = installLauncher(dist);
        Path jar = touch(dist.resolve("daemonset-operator.jar"));
        Path archive = Files.writeString(dist.resolve("daemonset-operator.jsa"), "old");
        Files.setLastModifiedTime(
                archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        Run run = run(script, Map.of(), "describe", "agent");

        assertThat(jvmOptions(run))
                .anySatisfy(o -> assertThat(o).startsWith("-XX:ArchiveClassesAtExit="))
                .noneSatisfy(o -> assertThat(o).startsWith("-XX:SharedArchiveFile="));
        assertThat(archive).hasContent("archive");
    }

    @Test
    void aFailedFirstRunKeepsNoArchiveAndItsExitCode() throws Exception {
        Path dist = tmp.resolve("dist");
        Path script = installLauncher(dist);
        touch(dist.resolve("daemonset-operator.jar"));

        Run run = run(script, Map.of("FAKE_JAVA_EXIT", "3"), "explain", "missing");

        assertThat(run.exitCode).isEqualTo(3);
        try (var files = Files.list(dist)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("kubectl-dds", "daemonset-operator.jar");
        }
    }

    /** What the launcher passes from -jar on; everything before it must be a JVM option. */
    private static List<String> jarAndArguments(Run run) {
        int jar = run.out.indexOf("-jar");
        assertThat(jar).as("-jar in %s", run.out).isNotNegative();
        assertThat(run.out.subList(0, jar)).allSatisfy(o -> assertThat(o).matches("-[XD].*"));
        return run.out.subList(jar, run.out.size());
    }

    private static List<String> jvmOptions(Run run) {
        int jar = run.out.indexOf("-jar");
        assertThat(jar).as("-jar in %s", run.out).isNotNegative();
        return run.out.subList(0, jar);
    }

    private Path installLauncher(Path dir) throws IOException {
        return executable(dir.resolve("kubectl-dds"), Files.readString(LAUNCHER));
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[0]);
    }

    private Run run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("DDS_JAR");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS))
                .as("launcher finished")
                .isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")), err);
    }

    private record Run(int exitCode, List<String> out, String err) {}
}
