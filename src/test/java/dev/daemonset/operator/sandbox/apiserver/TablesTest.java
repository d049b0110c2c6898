package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TablesTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private final Tables tables = new Tables(Clock.fixed(NOW, ZoneOffset.UTC));

  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({"0,0s", "59,59s", "119,119s", "120,2m", "150,2m30s", "600,10m", "10800,3h", "12600,3h30m",
      "86400,24h", "172800,2d", "180000,2d2h", "31536000,365d", "63072000,2y", "70000000,2y80d"})
  void humanDurations(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void daemonSetTableUsesThePrinterColumnsOfTheCrd() {
    JsonNode crd = Json.parse("""
        {"spec":{"group":"daemonset.dev","names":{"kind":"DaemonSet","plural":"daemonsets","shortNames":["dds"]},
         "scope":"Namespaced","versions":[{"name":"v1alpha1","served":true,"subresources":{"status":{}},
         "additionalPrinterColumns":[
           {"name":"Desired","type":"integer","jsonPath":".status.desiredNumberScheduled"},
           {"name":"Node Selector","type":"string","jsonPath":".spec.template.spec.nodeSelector"},
           {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}]}}""");
    ResourceType dds = ResourceRegistry.fromCrd(crd).get(0);
    JsonNode ds = Json.parse("""
        {"apiVersion":"daemonset.dev/v1alpha1","kind":"DaemonSet",
         "metadata":{"name":"x","creationTimestamp":"2025-01-01T11:58:00Z"},
         "spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"}}}},
         "status":{"desiredNumberScheduled":3}}""");
    JsonNode table = tables.table(dds, List.of(ds), "7", null);
    assertThat(table.path("columnDefinitions").findValuesAsString("name"))
        .containsExactly("Name", "Desired", "Node Selector", "Age");
    assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"x\",3,\"kubernetes.io/os=linux\",\"2m\"]");
    assertThat(table.path("rows").get(0).path("object").path("kind").stringValue()).isEqualTo("PartialObjectMetadata");
  }

  @Test
  void podRowShowsReadinessStatusRestartsAndNode() {
    ResourceType pods = new ResourceRegistry(List::of).find("", "v1", "pods").orElseThrow();
    JsonNode pod = Json.parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"2025-01-01T11:59:00Z"},
         "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
         "status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[
           {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
           {"name":"b","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
            "lastState":{"terminated":{"finishedAt":"2025-01-01T11:59:50Z"}}}]}}""");
    JsonNode row = tables.table(pods, List.of(pod), "1", null).path("rows").get(0).path("cells");
    assertThat(row.toString()).isEqualTo(
        "[\"p\",\"1/2\",\"CrashLoopBackOff\",\"3 (10s ago)\",\"60s\",\"10.0.0.1\",\"n1\",\"<none>\",\"<none>\"]");
  }

  @Test
  void jsonPathsFollowFieldsIndexesAndFilters() {
    JsonNode obj = Json.parse("{\"status\":{\"conditions\":[{\"type\":\"A\",\"status\":\"x\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertThat(JsonPaths.find(obj, ".status.conditions[1].type").stringValue()).isEqualTo("Ready");
    assertThat(JsonPaths.find(obj, ".status.conditions[?(@.type==\"Ready\")].status").stringValue()).isEqualTo("True");
    assertThat(JsonPaths.find(obj, ".status.missing").isMissingNode()).isTrue();
  }
}
