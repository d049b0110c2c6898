package dev.daemonset.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.JavaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plan package is pure: it may use fabric8's model classes but not the client, none of the operator's
 * side-effecting packages, and no I/O. Checked on the sources, so a violation names the file.
 */
class PlanPackagePurityTest {
    private static final Path PLAN_SOURCES = Path.of("core/src/main/java/dev/daemonset/operator/plan");

    /** Package prefixes nothing in plan may reference, with why. */
    private static final List<String[]> FORBIDDEN = List.of(
            new String[] {
                "io.fabric8.kubernetes.client", "the fabric8 client (only io.fabric8.kubernetes.api.model.* is allowed)"
            },
            new String[] {"dev.daemonset.operator.controller", "the controller package"},
            new String[] {"dev.daemonset.operator.exec", "the exec package"},
            new String[] {"dev.daemonset.operator.cli", "the cli package"},
            new String[] {"dev.daemonset.operator.sandbox", "the sandbox package"},
            new String[] {"dev.daemonset.operator.queue", "the queue package"},
            new String[] {"java.io", "I/O"},
            new String[] {"java.nio", "I/O"},
            new String[] {"java.net", "network I/O"},
            new String[] {"java.sql", "database I/O"},
            new String[] {"java.lang.ProcessBuilder", "process execution"},
            new String[] {"java.lang.Runtime", "process execution"});

    @Test
    void planSourcesOnlyUseAllowedPackages() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(PLAN_SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources)
                .as("plan sources found under %s", PLAN_SOURCES.toAbsolutePath())
                .extracting(p -> p.getFileName().toString())
                .contains("EligibilityRules.java", "NodeSelectorMatcher.java", "Tolerations.java");

        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            violations.addAll(violations(
                    PLAN_SOURCES.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        assertThat(violations).as("forbidden dependencies in the plan package").isEmpty();
    }

    @Test
    void detectsImportsAndFullyQualifiedUses() {
        String source = """
        package dev.daemonset.operator.plan;
        import io.fabric8.kubernetes.api.model.Node;
        import io.fabric8.kubernetes.client.KubernetesClient;
        import static java.nio.file.Files.readString;
        // io.fabric8.kubernetes.client.Config in a comment is fine
        class X { String s = "java.net.URL in a string is fine"; Object o = new java.io.File("x"); }
        """;
        assertThat(violations("X.java", source))
                .containsExactly(
                        "X.java imports io.fabric8.kubernetes.client.KubernetesClient: the fabric8 client (only "
                                + "io.fabric8.kubernetes.api.model.* is allowed)",
                        "X.java imports java.nio.file.Files.readString: I/O",
                        "X.java uses java.io: I/O");
    }

    private static List<String> violations(String file, String source) {
        JavaSource parsed = JavaSource.parse(source);
        List<String> out = new ArrayList<>();
        for (String imported : parsed.imports()) {
            String why = forbidden(imported);
            if (why != null) {
                out.add(file + " imports " + imported + ": " + why);
            }
        }
        for (String[] rule : FORBIDDEN) {
            if (parsed.uses(rule[0])) {
                out.add(file + " uses " + rule[0] + ": " + rule[1]);
            }
        }
        return out;
    }

    private static String forbidden(String name) {
        for (String[] rule : FORBIDDEN) {
            if (name.equals(rule[0]) || name.startsWith(rule[0] + ".")) {
                return rule[1];
            }
        }
        return null;
    }
}
