package dev.daemonset.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.testing.JavaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every edge between the operator's packages is one of the allowed ones (docs/architecture.md), and
 * the core (everything a running operator needs) uses no command line, logging backend, mock API
 * server or simulator. A subpackage belongs to its top-level package ({@code cli/rollout} is {@code cli}).
 * Checked on the sources, so a violation names the file.
 */
class LayeringTest {
    /** The modules with production sources, as directories of the repository (the tests run from its root). */
    private static final List<String> MODULES = List.of("api", "core", "cli", "sandbox");

    private static final String ROOT = "dev.daemonset.operator.";

    /** Which packages each package may use; anything else is a violation. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("api", Set.of()),
            Map.entry("plan", Set.of("api")),
            Map.entry("pods", Set.of("api", "plan", "client")),
            Map.entry("queue", Set.of()),
            Map.entry("metrics", Set.of("api", "queue")),
            Map.entry("health", Set.of()),
            Map.entry("client", Set.of()),
            Map.entry("exec", Set.of("api", "plan", "pods", "metrics")),
            Map.entry("controller", Set.of("api", "client", "plan", "pods", "exec", "queue", "metrics")),
            Map.entry("cli", Set.of("api", "client", "controller", "health", "metrics", "plan", "pods", "queue")),
            Map.entry("sandbox", Set.of("api", "cli", "client", "controller")),
            Map.entry(
                    "bench",
                    Set.of("api", "cli", "client", "controller", "metrics", "plan", "pods", "queue", "sandbox")),
            Map.entry("devtools", Set.of("bench", "cli", "sandbox")));

    /** The module each package lives in: the build enforces the modules' edges, this test the packages'. */
    private static final Map<String, String> MODULE_OF = Map.ofEntries(
            Map.entry("api", "api"),
            Map.entry("plan", "core"),
            Map.entry("pods", "core"),
            Map.entry("queue", "core"),
            Map.entry("metrics", "core"),
            Map.entry("health", "core"),
            Map.entry("client", "core"),
            Map.entry("exec", "core"),
            Map.entry("controller", "core"),
            Map.entry("cli", "cli"),
            Map.entry("sandbox", "sandbox"),
            Map.entry("bench", "sandbox"),
            Map.entry("devtools", "sandbox"));

    /** What a running operator needs: none of it may use the tools below. */
    private static final Set<String> CORE =
            Set.of("api", "plan", "pods", "queue", "metrics", "health", "client", "exec", "controller");

    private static final Map<String, String> NOT_IN_THE_CORE = Map.of(
            "picocli", "the command line",
            "ch.qos.logback", "a logging backend (the core logs through SLF4J only)",
            "io.fabric8.kubernetes.client.server.mock", "the mock API server",
            "io.fabric8.mockwebserver", "the mock web server",
            "io.vertx.ext.web", "the sandbox's web server");

    @Test
    void everyPackageUsesOnlyThePackagesItMayAndTheCoreNoTools() throws IOException {
        Set<String> packages = new TreeSet<>();
        List<String> violations = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = Path.of(module, "src/main/java/dev/daemonset/operator");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources)) {
                files = walk.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String pkg = relative.getName(0).toString();
                packages.add(pkg);
                if (!module.equals(MODULE_OF.get(pkg))) {
                    violations.add(
                            module + "/" + relative + ": package " + pkg + " belongs in module " + MODULE_OF.get(pkg));
                }
                violations.addAll(violations(relative.toString(), pkg, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(packages).as("every package has its rule").isEqualTo(ALLOWED.keySet());
        assertThat(violations).as("dependencies outside the layering").isEmpty();
    }

    @Test
    void detectsAForbiddenEdgeByImportOrByFullyQualifiedUseAndAToolInTheCore() {
        String source = """
        package dev.daemonset.operator.plan;
        import dev.daemonset.operator.api.DaemonSet;
        import dev.daemonset.operator.exec.PodControl;
        import picocli.CommandLine;
        // dev.daemonset.operator.controller.Operator in a comment is fine
        class X { Object o = dev.daemonset.operator.sandbox.Sandbox.class; }
        """;
        assertThat(violations("plan/X.java", "plan", source))
                .containsExactly(
                        "plan/X.java uses exec (plan may use [api])",
                        "plan/X.java uses sandbox (plan may use [api])",
                        "plan/X.java imports picocli.CommandLine: the command line");
    }

    private static List<String> violations(String file, String pkg, String source) {
        JavaSource parsed = JavaSource.parse(source);
        Set<String> allowed = ALLOWED.getOrDefault(pkg, Set.of());
        List<String> out = new ArrayList<>();
        for (String other : ALLOWED.keySet().stream().sorted().toList()) {
            if (other.equals(pkg) || allowed.contains(other)) {
                continue;
            }
            if (parsed.imports(ROOT + other) || parsed.uses(ROOT + other)) {
                out.add(file + " uses " + other + " (" + pkg + " may use " + new TreeSet<>(allowed) + ")");
            }
        }
        if (CORE.contains(pkg)) {
            NOT_IN_THE_CORE.forEach((prefix, what) -> {
                parsed.importsOf(prefix).forEach(i -> out.add(file + " imports " + i + ": " + what));
                if (parsed.uses(prefix)) {
                    out.add(file + " uses " + prefix + ": " + what);
                }
            });
        }
        return out;
    }
}
