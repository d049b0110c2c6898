package dev.daemonset.operator.cli;

import dev.daemonset.operator.plan.DaemonSetReport;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine form of an explain report ({@code -o json}). Fields appear in the order the report records declare
 * them, not alphabetically, so the document reads top-down like the table; null fields are written as null rather
 * than left out, so scripts can rely on every key being present.
 */
final class ExplainJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private ExplainJson() {}

    static String render(DaemonSetReport report) {
        return MAPPER.writeValueAsString(report) + System.lineSeparator();
    }
}
