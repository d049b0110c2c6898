package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventConversionTest {
    @Test
    void eventsV1BecomeCoreEventsAndBack() {
        JsonNode v1 = Json.parse("""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
         "regarding":{"kind":"DaemonSet","name":"ds","namespace":"default","uid":"u1"},
         "reason":"SuccessfulCreate","note":"Created pod: ds-abcde","type":"Normal","action":"Create",
         "eventTime":"2025-01-01T00:00:00.000000Z","reportingController":"daemonset.dev/controller",
         "reportingInstance":"op-1"}""");
        JsonNode core = EventConversion.toCore(v1);
        assertThat(Json.text(core.path("involvedObject").path("name"))).isEqualTo("ds");
        assertThat(Json.text(core.path("message"))).isEqualTo("Created pod: ds-abcde");
        assertThat(Json.text(core.path("source").path("component"))).isEqualTo("daemonset.dev/controller");
        assertThat(FieldSelector.parse("involvedObject.name=ds,involvedObject.uid=u1")
                        .matches(core))
                .isTrue();
        JsonNode back = EventConversion.toEventsV1(core);
        assertThat(Json.text(back.path("regarding").path("uid"))).isEqualTo("u1");
        assertThat(Json.text(back.path("note"))).isEqualTo("Created pod: ds-abcde");
        assertThat(Json.text(back.path("reportingController"))).isEqualTo("daemonset.dev/controller");
    }
}
