package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorsTest {
    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "gold", "env", "prod");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                              | true",
                "app=web                         | true",
                "app==web                        | true",
                "app=db                          | false",
                "app!=db                         | true",
                "app!=web                        | false",
                "missing!=x                      | true",
                "tier in (gold,silver)           | true",
                "tier in (silver)                | false",
                "tier notin (silver, bronze)     | true",
                "tier notin (gold)               | false",
                "missing notin (gold)            | true",
                "missing in (gold)               | false",
                "app                             | true",
                "missing                         | false",
                "!missing                        | true",
                "!app                            | false",
                "app=web,tier in (gold),!missing | true",
                "app=web,tier in (silver)        | false",
                "env in (prod,staging),app!=db   | true"
            })
    void labelSelectors(String selector, boolean matches) {
        assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(matches);
    }

    @Test
    void malformedLabelSelectorIsRejected() {
        assertThatThrownBy(() -> LabelSelector.parse("tier in (gold")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelector.parse("app=web,,x")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "involvedObject.name=web                        | true",
                "involvedObject.name=web,involvedObject.kind=Pod | true",
                "involvedObject.name==db                        | false",
                "spec.nodeName=n1,status.phase!=Failed          | true",
                "status.phase!=Running                          | false",
                "spec.missing=                                  | true",
                "metadata.namespace=default                     | true"
            })
    void fieldSelectors(String selector, boolean matches) {
        var obj = Json.parse("""
        {"metadata":{"name":"e1","namespace":"default"},"involvedObject":{"name":"web","kind":"Pod"},
         "spec":{"nodeName":"n1"},"status":{"phase":"Running"}}""");
        assertThat(FieldSelector.parse(selector).matches(obj)).isEqualTo(matches);
    }

    @Test
    void watchFilterReportsObjectsLeavingAndEnteringTheSelection() {
        ResourceType pods =
                new ResourceRegistry(java.util.List::of).find("", "v1", "pods").orElseThrow();
        WatchFilter filter = new WatchFilter(
                pods, "default", null, LabelSelector.parse("tier in (gold)"), FieldSelector.everything());
        var gold = Json.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"labels\":{\"tier\":\"gold\"}}}");
        var silver = Json.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"labels\":{\"tier\":\"silver\"}}}");
        var otherNs = Json.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"other\",\"labels\":{\"tier\":\"gold\"}}}");
        assertThat(filter.translate("ADDED", silver)).isNull();
        assertThat(filter.translate("MODIFIED", gold)).isEqualTo("ADDED");
        assertThat(filter.translate("MODIFIED", gold)).isEqualTo("MODIFIED");
        assertThat(filter.translate("MODIFIED", silver)).isEqualTo("DELETED");
        assertThat(filter.translate("DELETED", silver)).isNull();
        assertThat(filter.translate("ADDED", otherNs)).isNull();
    }
}
