package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The watch line a store change becomes, for every watcher alike (kubectl -w, informers). */
class StoreEventTest {
    private static final String POD =
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"agent-x\",\"resourceVersion\":\"7\"}}";

    @Test
    void aLineCarriesTheTypeTheWatcherIsShownAndTheStoredObject() {
        StoreEvent event = new StoreEvent("MODIFIED", Json.parse(POD), 7, POD);

        JsonNode line = Json.parse(event.watchLine("DELETED"));

        assertThat(line.get("type").asString()).isEqualTo("DELETED");
        assertThat(line.get("object")).isEqualTo(Json.parse(POD));
    }

    @Test
    void aStoredTextOnSeveralLinesIsSentOnOne() {
        // a watch over HTTP is read line by line: a line break inside an event would cut it in two
        String pretty = "{\n  \"kind\" : \"Pod\",\n  \"metadata\" : {\"name\" : \"agent-x\"}\n}";
        StoreEvent event = new StoreEvent("ADDED", Json.parse(pretty), 7, pretty);

        String line = event.watchLine("ADDED");

        assertThat(line).doesNotContain("\n");
        assertThat(Json.parse(line).get("object")).isEqualTo(Json.parse(pretty));
    }

    @Test
    void withoutAStoredTextTheObjectIsWritten() {
        StoreEvent event = new StoreEvent("ADDED", Json.parse(POD), 7, null);

        assertThat(Json.parse(event.watchLine("ADDED")).get("object")).isEqualTo(Json.parse(POD));
    }
}
