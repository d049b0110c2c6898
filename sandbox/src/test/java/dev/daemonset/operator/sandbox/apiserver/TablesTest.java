package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class TablesTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private final Tables tables = new Tables(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
        "0,0s",
        "59,59s",
        "119,119s",
        "120,2m",
        "150,2m30s",
        "600,10m",
        "10800,3h",
        "12600,3h30m",
        "86400,24h",
        "172800,2d",
        "180000,2d2h",
        "31536000,365d",
        "63072000,2y",
        "70000000,2y80d"
    })
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
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"x\",3,\"kubernetes.io/os=linux\",\"2m\"]");
        assertThat(table.path("rows").get(0).path("object").path("kind").stringValue())
                .isEqualTo("PartialObjectMetadata");
    }

    @Test
    void wideColumnsKeepTheirPriorityAndAStarPathShowsItsFirstResultAsTheApiServerDoes() {
        JsonNode crd = Json.parse("""
        {"spec":{"group":"daemonset.dev","names":{"kind":"DaemonSet","plural":"daemonsets","categories":["all"]},
         "scope":"Namespaced","versions":[{"name":"v1alpha1","served":true,"subresources":{"status":{}},
         "additionalPrinterColumns":[
           {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"},
           {"name":"Containers","type":"string","priority":1,"jsonPath":".spec.template.spec.containers[*].name"},
           {"name":"Images","type":"string","priority":1,"jsonPath":".spec.template.spec.containers[*].image"},
           {"name":"Selector","type":"string","priority":1,"jsonPath":".spec.selector"}]}]}}""");
        ResourceType dds = ResourceRegistry.fromCrd(crd).get(0);
        JsonNode ds = Json.parse("""
        {"apiVersion":"daemonset.dev/v1alpha1","kind":"DaemonSet",
         "metadata":{"name":"x","creationTimestamp":"2025-01-01T11:58:00Z"},
         "spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"spec":{"containers":[
           {"name":"agent","image":"agent:1"},{"name":"sidecar","image":"sidecar:2"}]}}}}""");
        JsonNode table = tables.table(dds, List.of(ds), "7", null);

        assertThat(dds.categories()).containsExactly("all");
        assertThat(table.path("columnDefinitions").findValues("priority").toString())
                .isEqualTo("[0, 0, 1, 1, 1]");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"x\",\"2m\",\"agent\",\"agent:1\",\"{\\\"matchLabels\\\":{\\\"app\\\":\\\"x\\\"}}\"]");
    }

    @Test
    void podRowShowsReadinessStatusRestartsAndNode() {
        ResourceType pods =
                new ResourceRegistry(List::of).find("", "v1", "pods").orElseThrow();
        JsonNode pod = Json.parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"2025-01-01T11:59:00Z"},
         "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
         "status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[
           {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
           {"name":"b","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
            "lastState":{"terminated":{"finishedAt":"2025-01-01T11:59:50Z"}}}]}}""");
        JsonNode row =
                tables.table(pods, List.of(pod), "1", null).path("rows").get(0).path("cells");
        assertThat(row.toString())
                .isEqualTo(
                        "[\"p\",\"1/2\",\"CrashLoopBackOff\",\"3 (10s ago)\",\"60s\",\"10.0.0.1\",\"n1\",\"<none>\",\"<none>\"]");
    }

    private JsonNode row(String group, String plural, String json) {
        ResourceType type =
                new ResourceRegistry(List::of).find(group, "v1", plural).orElseThrow();
        return tables.table(type, List.of(Json.parse(json.replace('\'', '"'))), "1", null);
    }

    private static List<String> columns(JsonNode table) {
        return table.path("columnDefinitions").findValuesAsString("name");
    }

    @Test
    void deploymentRowShowsReadyOverDesiredAndTheTemplateInWide() {
        JsonNode table = row("apps", "deployments", """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'op','creationTimestamp':'2025-01-01T11:59:00Z'},
         'spec':{'replicas':2,'selector':{'matchLabels':{'b':'2','a':'1'},
                                          'matchExpressions':[{'key':'t','operator':'In','values':['x','y']}]},
                 'template':{'spec':{'containers':[{'name':'c1','image':'i:1'},{'name':'c2','image':'i:2'}]}}},
         'status':{'readyReplicas':1,'updatedReplicas':2}}""");
        assertThat(columns(table))
                .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"op\",\"1/2\",2,0,\"60s\",\"c1,c2\",\"i:1,i:2\",\"a=1,b=2,t in (x,y)\"]");
    }

    @Test
    void serviceRowShowsTypeAndPorts() {
        JsonNode table = row("", "services", """
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'m','creationTimestamp':'2025-01-01T11:59:00Z'},
         'spec':{'selector':{'app':'x'},'ports':[{'port':8080,'targetPort':'metrics'},{'port':53,'protocol':'UDP'}]}}""");
        assertThat(columns(table))
                .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"m\",\"ClusterIP\",\"<none>\",\"<none>\",\"8080/TCP,53/UDP\",\"60s\",\"app=x\"]");
    }

    @Test
    void podDisruptionBudgetRowShowsNotApplicableForTheUnsetBound() {
        JsonNode table = row("policy", "poddisruptionbudgets", """
        {'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'p','creationTimestamp':'2025-01-01T11:59:00Z'},
         'spec':{'maxUnavailable':'50%'}}""");
        assertThat(columns(table))
                .containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"p\",\"N/A\",\"50%\",0,\"60s\"]");
    }

    @Test
    void rolesShowWhenTheyWereCreatedAndBindingsTheirRoleAndSubjects() {
        JsonNode role = row("rbac.authorization.k8s.io", "clusterroles", """
        {'apiVersion':'rbac.authorization.k8s.io/v1','kind':'ClusterRole',
         'metadata':{'name':'r','creationTimestamp':'2025-01-01T11:59:00Z'},'rules':[]}""");
        assertThat(columns(role)).containsExactly("Name", "Created At");
        assertThat(role.path("rows").get(0).path("cells").toString()).isEqualTo("[\"r\",\"2025-01-01T11:59:00Z\"]");
        JsonNode binding = row("rbac.authorization.k8s.io", "rolebindings", """
        {'apiVersion':'rbac.authorization.k8s.io/v1','kind':'RoleBinding',
         'metadata':{'name':'b','namespace':'ns','creationTimestamp':'2025-01-01T11:59:00Z'},
         'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'r'},
         'subjects':[{'kind':'ServiceAccount','name':'sa','namespace':'ns'},{'kind':'User','name':'alice'},
                     {'kind':'ServiceAccount','name':'other','namespace':'x'}]}""");
        assertThat(columns(binding)).containsExactly("Name", "Role", "Age", "Users", "Groups", "ServiceAccounts");
        assertThat(binding.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"b\",\"Role/r\",\"60s\",\"alice\",\"\",\"ns/sa, x/other\"]");
    }

    @Test
    void jsonPathsFollowFieldsIndexesAndFilters() {
        JsonNode obj = Json.parse(
                "{\"status\":{\"conditions\":[{\"type\":\"A\",\"status\":\"x\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        assertThat(JsonPaths.find(obj, ".status.conditions[1].type").stringValue())
                .isEqualTo("Ready");
        assertThat(JsonPaths.find(obj, ".status.conditions[?(@.type==\"Ready\")].status")
                        .stringValue())
                .isEqualTo("True");
        assertThat(JsonPaths.find(obj, ".status.missing").isMissingNode()).isTrue();
    }
}
