package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (JAVA_HOME/bin/java printing its arguments) shows what would run, without building the jar.
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
        executable(javaHome.resolve("bin/java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    }

    @Test
    void usesTheJarBuiltInTheRepositoryTheScriptBelongsTo() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        Path jar = touch(repo.resolve("target/daemonset-operator.jar"));

        Run run = run(script, Map.of(), "rollout", "status", "agent", "-n", "kube-system");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
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

        assertThat(run.out).containsExactly("-jar", chosen.toString(), "rollout", "history", "agent");
    }

    @Test
    void fallsBackToAJarNextToTheScript() throws Exception {
        Path dist = tmp.resolve("dist");
        Path script = installLauncher(dist);
        Path jar = touch(dist.resolve("daemonset-operator.jar"));

        Run run = run(script, Map.of(), "--version");

        assertThat(run.out).containsExactly("-jar", jar.toRealPath().toString(), "--version");
    }

    @Test
    void aSymlinkOnThePathStillFindsTheRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        Path script = installLauncher(repo.resolve("bin"));
        Path jar = touch(repo.resolve("target/daemonset-operator.jar"));
        Path link = Files.createDirectories(tmp.resolve("home/bin")).resolve("kubectl-dds");
        Files.createSymbolicLink(link, script);

        Run run = run(link, Map.of(), "rollout", "restart", "agent");

        assertThat(run.out).containsExactly("-jar", jar.toRealPath().toString(), "rollout", "restart", "agent");
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
