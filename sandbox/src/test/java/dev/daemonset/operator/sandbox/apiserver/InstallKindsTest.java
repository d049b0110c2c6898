package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The kinds of the operator's own install (deploy/) that the sandbox serves beyond what the operator
 * uses: discovery, storage, the status subresource, and server-side field validation and dry run as
 * kubectl apply uses them.
 */
class InstallKindsTest {
    private static final String MERGE = "application/merge-patch+json";
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(0, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static MockResponse call(HttpMethod method, String path, String contentType, String body) {
        return server.dispatcher().call(method, path, contentType, body == null ? null : body.replace('\'', '"'));
    }

    private static JsonNode get(String path) {
        MockResponse r = call(HttpMethod.GET, path, null, null);
        assertThat(r.code()).as("GET %s: %s", path, ApiDispatcher.body(r)).isEqualTo(200);
        return Json.parse(ApiDispatcher.body(r));
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode r : list.path("resources")) {
            if (name.equals(Json.text(r.path("name")))) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static String deployment(String name, String extraContainerField) {
        return """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'%s'},
         'spec':{'replicas':2,'selector':{'matchLabels':{'app':'x'}},
                 'template':{'metadata':{'labels':{'app':'x'}},
                             'spec':{'containers':[{'name':'c','image':'i'%s}]}}}}""".formatted(name, extraContainerField);
    }

    @Test
    void discoveryListsTheInstallKindsWithTheirScopeShortNamesAndStatus() {
        assertThat(get("/apis").path("groups").findValuesAsString("name"))
                .contains("apps", "policy", "rbac.authorization.k8s.io");
        JsonNode apps = get("/apis/apps/v1");
        assertThat(resource(apps, "deployments").path("shortNames").get(0).stringValue())
                .isEqualTo("deploy");
        assertThat(resource(apps, "deployments/status").path("kind").stringValue())
                .isEqualTo("Deployment");
        assertThat(resource(get("/apis/policy/v1"), "poddisruptionbudgets")
                        .path("shortNames")
                        .get(0)
                        .stringValue())
                .isEqualTo("pdb");
        JsonNode rbac = get("/apis/rbac.authorization.k8s.io/v1");
        assertThat(rbac.path("resources").findValuesAsString("name"))
                .containsExactlyInAnyOrder("clusterroles", "clusterrolebindings", "roles", "rolebindings");
        assertThat(resource(rbac, "clusterroles").path("namespaced").asBoolean())
                .isFalse();
        assertThat(resource(rbac, "rolebindings").path("namespaced").asBoolean())
                .isTrue();
        assertThat(get("/openapi/v3/apis/rbac.authorization.k8s.io/v1")
                        .path("paths")
                        .propertyNames())
                .as("kubectl validates against the OpenAPI v3 document of the group")
                .contains("/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}");
    }

    @Test
    void clusterScopedRbacObjectsAreStoredAndListedWithoutANamespace() {
        MockResponse created = call(
                HttpMethod.POST,
                "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                "application/json",
                "{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'ClusterRole','metadata':{'name':'reader'},"
                        + "'rules':[{'apiGroups':[''],'resources':['pods'],'verbs':['get']}]}");
        assertThat(created.code()).as(ApiDispatcher.body(created)).isEqualTo(201);
        assertThat(get("/apis/rbac.authorization.k8s.io/v1/clusterroles/reader")
                        .path("rules")
                        .get(0)
                        .path("verbs")
                        .get(0)
                        .stringValue())
                .isEqualTo("get");
        assertThat(get("/apis/rbac.authorization.k8s.io/v1/clusterroles")
                        .path("items")
                        .findValuesAsString("name"))
                .contains("reader");
    }

    @Test
    void strictFieldValidationRejectsAnUnknownFieldAndStoresNothing() {
        MockResponse r = call(
                HttpMethod.POST,
                DEPLOYMENTS + "?fieldValidation=Strict",
                "application/json",
                deployment("strict", ",'imagePullPolicyy':'Always'"));
        assertThat(r.code()).isEqualTo(400);
        assertThat(Json.parse(ApiDispatcher.body(r)).path("message").stringValue())
                .isEqualTo("Deployment in version \"v1\" "
                        + "cannot be handled as a Deployment: strict decoding error: unknown field "
                        + "\"spec.template.spec.containers[0].imagePullPolicyy\"");
        assertThat(call(HttpMethod.GET, DEPLOYMENTS + "/strict", null, null).code())
                .isEqualTo(404);
    }

    @Test
    void warnFieldValidationStoresTheObjectAndWarnsPerField() {
        MockResponse r = call(
                HttpMethod.POST,
                DEPLOYMENTS + "?fieldValidation=Warn",
                "application/json",
                deployment("warned", ",'imagePullPolicyy':'Always','portz':[]"));
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.headers("Warning"))
                .containsExactly(
                        "299 - \"unknown field \\\"spec.template.spec.containers[0].imagePullPolicyy\\\"\"",
                        "299 - \"unknown field \\\"spec.template.spec.containers[0].portz\\\"\"");
        assertThat(call(HttpMethod.GET, DEPLOYMENTS + "/warned", null, null).code())
                .isEqualTo(200);
    }

    @Test
    void patchesAreValidatedAsTheObjectTheyProduce() {
        assertThat(call(
                                HttpMethod.POST,
                                DEPLOYMENTS + "?fieldValidation=Strict",
                                "application/json",
                                deployment("patched", ""))
                        .code())
                .isEqualTo(201);
        MockResponse bad = call(
                HttpMethod.PATCH,
                DEPLOYMENTS + "/patched?fieldValidation=Strict",
                STRATEGIC,
                "{'spec':{'template':{'spec':{'containers':[{'name':'c','imagee':'j'}]}}}}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(ApiDispatcher.body(bad)).contains("unknown field \\\"spec.template.spec.containers[0].imagee\\\"");
        MockResponse good = call(
                HttpMethod.PATCH,
                DEPLOYMENTS + "/patched?fieldValidation=Strict",
                STRATEGIC,
                "{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'j'}]}}}}");
        assertThat(good.code()).isEqualTo(200);
        assertThat(get(DEPLOYMENTS + "/patched")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("image").stringValue()).isEqualTo("j"));
    }

    @Test
    void serverDryRunValidatesButStoresNothing() {
        MockResponse dry = call(
                HttpMethod.POST,
                DEPLOYMENTS + "?dryRun=All&fieldValidation=Strict",
                "application/json",
                deployment("dry", ""));
        assertThat(dry.code()).isEqualTo(201);
        assertThat(call(HttpMethod.GET, DEPLOYMENTS + "/dry", null, null).code())
                .isEqualTo(404);
        assertThat(call(
                                HttpMethod.POST,
                                DEPLOYMENTS + "?dryRun=All&fieldValidation=Strict",
                                "application/json",
                                deployment("dry", ",'typo':1"))
                        .code())
                .isEqualTo(400);
    }

    @Test
    void deploymentStatusIsWrittenThroughItsSubresourceOnly() {
        assertThat(call(HttpMethod.POST, DEPLOYMENTS, "application/json", deployment("scaled", ""))
                        .code())
                .isEqualTo(201);
        assertThat(call(HttpMethod.PATCH, DEPLOYMENTS + "/scaled/status", MERGE, "{'status':{'readyReplicas':2}}")
                        .code())
                .isEqualTo(200);
        assertThat(call(
                                HttpMethod.PATCH,
                                DEPLOYMENTS + "/scaled",
                                MERGE,
                                "{'spec':{'replicas':3},'status':{'readyReplicas':0}}")
                        .code())
                .isEqualTo(200);
        JsonNode stored = get(DEPLOYMENTS + "/scaled");
        assertThat(List.of(
                        stored.path("spec").path("replicas").asInt(),
                        stored.path("status").path("readyReplicas").asInt()))
                .as("spec from the main resource, status from /status")
                .containsExactly(3, 2);
    }
}
