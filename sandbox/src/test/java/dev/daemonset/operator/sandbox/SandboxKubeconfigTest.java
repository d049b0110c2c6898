package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxKubeconfigTest {
    private static final String URL = "http://127.0.0.1:40000";
    private static final String USERS_CONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://prod.example:6443
          certificate-authority-data: QUJD
      - name: sandbox
        cluster:
          server: http://stale:1
      contexts:
      - name: prod
        context:
          cluster: prod
          user: alice
          namespace: web
      - name: staging
        context:
          cluster: prod
          user: alice
      current-context: prod
      preferences: {}
      users:
      - name: alice
        user:
          token: secret
      """;

    @TempDir
    Path dir;

    @Test
    void aMissingFileGetsTheSandboxsOwnKubeconfig() throws Exception {
        Path file = dir.resolve("new.kubeconfig");
        SandboxKubeconfig kubeconfig = SandboxKubeconfig.install(file, URL);

        assertThat(kubeconfig.merged()).isFalse();
        String content = Files.readString(file);
        assertThat(content)
                .startsWith(SandboxKubeconfig.MARKER)
                .contains("server: " + URL)
                .contains("current-context: sandbox");
        kubeconfig.restore();
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void aKubeconfigTheSandboxWroteIsOverwritten() throws Exception {
        Path file = dir.resolve("again.kubeconfig");
        SandboxKubeconfig.install(file, "http://127.0.0.1:1");
        SandboxKubeconfig second = SandboxKubeconfig.install(file, URL);

        assertThat(second.merged()).isFalse();
        assertThat(Files.readString(file)).contains("server: " + URL).doesNotContain("127.0.0.1:1\n");
    }

    @Test
    void aKubeconfigWrittenBeforeTheMarkerCountsAsTheSandboxs() {
        assertThat(SandboxKubeconfig.writtenBySandbox("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster: {server: 'http://127.0.0.1:6443'}
        contexts:
        - name: sandbox
          context: {cluster: sandbox, user: sandbox}
        current-context: sandbox
        users:
        - name: sandbox
          user: {}
        """)).isTrue();
        assertThat(SandboxKubeconfig.writtenBySandbox(USERS_CONFIG)).isFalse();
    }

    @Test
    void anExistingKubeconfigGetsTheSandboxEntriesAndGetsThemBackOut() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, USERS_CONFIG);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        SandboxKubeconfig kubeconfig = SandboxKubeconfig.install(file, URL);

        assertThat(kubeconfig.merged()).isTrue();
        assertThat(kubeconfig.previousContext()).isEqualTo("prod");
        String merged = Files.readString(file);
        assertThat(merged)
                .contains("current-context: sandbox")
                .contains("server: " + URL)
                .contains("server: https://prod.example:6443")
                .contains("token: secret")
                .contains("name: staging")
                .doesNotContain("http://stale:1");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        kubeconfig.restore();

        String restored = Files.readString(file);
        assertThat(restored)
                .contains("current-context: prod")
                .contains("name: staging")
                .contains("token: secret")
                .contains("certificate-authority-data: QUJD")
                .doesNotContain("sandbox");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aContextTheUserSwitchedToMeanwhileIsKept() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, USERS_CONFIG);
        SandboxKubeconfig kubeconfig = SandboxKubeconfig.install(file, URL);
        Files.writeString(file, Files.readString(file).replace("current-context: sandbox", "current-context: staging"));

        kubeconfig.restore();

        assertThat(Files.readString(file)).contains("current-context: staging").doesNotContain("sandbox");
    }

    @Test
    void aRunAfterAKilledOneStillGivesThePreviousContextBack() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, USERS_CONFIG);
        SandboxKubeconfig.install(file, "http://127.0.0.1:1"); // killed: never restored
        assertThat(Files.readString(file)).contains(SandboxKubeconfig.PREVIOUS_CONTEXT_EXTENSION);

        SandboxKubeconfig next = SandboxKubeconfig.install(file, URL);
        assertThat(next.previousContext()).isEqualTo("prod");
        assertThat(Files.readString(file)).contains("server: " + URL).doesNotContain("127.0.0.1:1\n");
        next.restore();

        assertThat(Files.readString(file)).contains("current-context: prod").doesNotContain("sandbox");
    }

    @Test
    void withoutAPreviousContextNoneIsLeft() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, USERS_CONFIG.replace("current-context: prod\n", ""));
        SandboxKubeconfig kubeconfig = SandboxKubeconfig.install(file, URL);
        assertThat(kubeconfig.previousContext()).isNull();

        kubeconfig.restore();

        assertThat(Files.readString(file))
                .doesNotContain("current-context")
                .doesNotContain("sandbox")
                .contains("name: prod");
    }
}
