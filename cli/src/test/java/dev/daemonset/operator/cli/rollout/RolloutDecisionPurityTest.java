package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the rollout commands print and decide is computed without the API client, picocli or I/O,
 * so the table-driven tests cover it completely and the commands stay thin.
 */
class RolloutDecisionPurityTest {
    private static final Path SOURCES = Path.of("cli/src/main/java/dev/daemonset/operator/cli/rollout");
    private static final List<String> DECISIONS = List.of(
            "RolloutStatusViewer.java",
            "RolloutStatus.java",
            "RevisionHistory.java",
            "Revision.java",
            "HistoryView.java",
            "GoDuration.java",
            "DaemonSetNames.java");
    private static final List<String> FORBIDDEN =
            List.of("io.fabric8.kubernetes.client", "picocli", "java.io", "java.nio", "java.net");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void decisionsUseNeitherTheClientNorTheCommandLineNorIo() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String file : DECISIONS) {
            Matcher imports = IMPORT.matcher(Files.readString(SOURCES.resolve(file)));
            while (imports.find()) {
                String imported = imports.group(1);
                if (FORBIDDEN.stream()
                        .anyMatch(prefix -> imported.equals(prefix) || imported.startsWith(prefix + "."))) {
                    violations.add(file + " imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
