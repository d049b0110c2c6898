package dev.daemonset.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.controller.DaemonSetDecoder;
import dev.daemonset.operator.controller.UnreadableDaemonSet;
import dev.daemonset.operator.plan.SpecValidator;
import dev.daemonset.operator.plan.Violation;
import dev.daemonset.operator.testing.CrdValidator;
import dev.daemonset.operator.testing.SpecTable;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/hostile-input.md is the hostile-input table as the code answers it today: for every row of
 * {@link SpecTable#invalid()}, the fragment, the layer of the API server that refuses it (schema or CEL),
 * the message it refuses it with, and what the operator reports where nothing validates. When a rule
 * or a message changes, the test fails and leaves the new table in target/ to review and copy.
 */
class HostileInputTableTest {
    private static final Path DOC = Path.of("docs", "hostile-input.md");
    private static final Path GENERATED = Path.of("target", "hostile-input.md");
    private static final CrdValidator CRD = CrdValidator.ofGeneratedCrd();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int MAX_FRAGMENT = 160;
    /** Keys sorted: rows built with Map.of have no stable order, and the file must not change from run to run. */
    private static final tools.jackson.databind.json.JsonMapper SORTED =
            tools.jackson.databind.json.JsonMapper.builder()
                    .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .build();

    @Test
    void theDocumentedTableIsWhatTheCrdAndTheOperatorSay() throws IOException {
        String table = render(SpecTable.invalid().toList());
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, table, StandardCharsets.UTF_8);

        assertThat(SpecTable.invalid().count()).isGreaterThanOrEqualTo(40);
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("docs/hostile-input.md is out of date: review target/hostile-input.md and copy it to docs/")
                .isEqualTo(table);
    }

    private static String render(List<SpecTable.Invalid> rows) {
        StringBuilder out = new StringBuilder("""
        # Hostile input: what each bad DaemonSet gets

        Generated from the tests (`api/HostileInputTableTest` renders `testing/SpecTable`; it fails when this
        file is out of date). Each row is applied to the minimal manifest of `testing/SpecTable` (a merge
        patch, shown as JSON). **Layer** is the part of the API server that refuses it at `kubectl apply`
        (the OpenAPI schema, or a CEL rule of the CRD), in the sandbox as on a cluster. **Operator** is the
        `InvalidSpec` condition (and Warning event) the operator sets where nothing validated the object
        (`sandbox --skip-validation`, an old cluster, a direct etcd write); meanwhile its pods keep running
        on the last valid revision (`sandbox/HostileInputEndToEndTest` applies every row both ways).

        | # | row | fragment | layer | the API server refuses it with | the operator reports |
        | --- | --- | --- | --- | --- | --- |
        """);
        for (int i = 0; i < rows.size(); i++) {
            SpecTable.Invalid row = rows.get(i);
            List<CrdValidator.Failure> failures = CRD.validateCreate(row.manifest());
            String layer = failures.isEmpty() ? "none" : failures.get(0).rule() == null ? "schema" : "CEL";
            String api =
                    failures.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
            String operator = operatorVerdict(row.manifest()).stream()
                    .map(Violation::toString)
                    .collect(Collectors.joining("; "));
            out.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(cell(row.name()))
                    .append(" | ")
                    .append(cell(fragment(row)))
                    .append(" | ")
                    .append(layer)
                    .append(" | ")
                    .append(cell(api))
                    .append(" | ")
                    .append(cell(operator))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static List<Violation> operatorVerdict(Map<String, Object> manifest) {
        var ds = DaemonSetDecoder.decode(SERIALIZATION.convertValue(manifest, GenericKubernetesResource.class));
        return ds instanceof UnreadableDaemonSet u ? u.problems() : SpecValidator.validate(ds.getSpec());
    }

    private static String fragment(SpecTable.Invalid row) {
        String json = row.patch() instanceof Map<?, ?> || row.patch() instanceof List<?>
                ? SORTED.writeValueAsString(row.patch())
                : "whole spec: " + SORTED.writeValueAsString(row.manifest().get("spec"));
        return json.length() > MAX_FRAGMENT ? json.substring(0, MAX_FRAGMENT) + "…" : json;
    }

    private static String cell(String text) {
        return "`" + text.replace("`", "'").replace("|", "\\|") + "`";
    }
}
