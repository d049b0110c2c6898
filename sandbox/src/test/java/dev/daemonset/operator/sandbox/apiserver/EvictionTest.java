package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The pods/eviction subresource and the PodDisruptionBudgets it honours, on the API server alone. */
class EvictionTest {
    private static final String JSON = "application/json";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(0, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static MockResponse call(HttpMethod method, String path, String body) {
        return server.dispatcher()
                .call(method, path, body == null ? null : JSON, body == null ? null : body.replace('\'', '"'));
    }

    private static String newNamespace() {
        String ns = "e" + NAMESPACES.incrementAndGet();
        assertThat(call(
                                HttpMethod.POST,
                                "/api/v1/namespaces",
                                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + ns + "'}}")
                        .code())
                .isEqualTo(201);
        return ns;
    }

    /** A pod with label app=APP, Running and Ready or not. */
    private static JsonNode pod(String ns, String name, String app, boolean ready) {
        MockResponse created = call(HttpMethod.POST, "/api/v1/namespaces/" + ns + "/pods", """
        {'apiVersion':'v1','kind':'Pod','metadata':{'name':'%s','labels':{'app':'%s'}},
         'spec':{'nodeName':'n','containers':[{'name':'c','image':'i'}]}}""".formatted(name, app));
        assertThat(created.code()).as(ApiDispatcher.body(created)).isEqualTo(201);
        JsonNode pod = Json.parse(ApiDispatcher.body(created));
        ((tools.jackson.databind.node.ObjectNode) pod)
                .set("status", Json.parse("""
        {"phase":"Running","conditions":[{"type":"Ready","status":"%s"}]}""".formatted(ready ? "True" : "False")));
        MockResponse updated =
                call(HttpMethod.PUT, "/api/v1/namespaces/" + ns + "/pods/" + name + "/status", Json.write(pod));
        assertThat(updated.code()).as(ApiDispatcher.body(updated)).isEqualTo(200);
        return Json.parse(ApiDispatcher.body(updated));
    }

    private static void budget(String ns, String name, String spec) {
        MockResponse r = call(
                HttpMethod.POST,
                "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets",
                "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'" + name + "'},'spec':"
                        + spec + "}");
        assertThat(r.code()).as(ApiDispatcher.body(r)).isEqualTo(201);
    }

    private static MockResponse evict(String ns, String name, String deleteOptions) {
        return evict("policy/v1", ns, name, deleteOptions);
    }

    private static MockResponse evict(String apiVersion, String ns, String name, String deleteOptions) {
        String body =
                "{'kind':'Eviction','apiVersion':'" + apiVersion + "','metadata':{'name':'" + name + "','namespace':'"
                        + ns + "'}" + (deleteOptions == null ? "" : ",'deleteOptions':" + deleteOptions) + "}";
        return call(HttpMethod.POST, "/api/v1/namespaces/" + ns + "/pods/" + name + "/eviction", body);
    }

    private static boolean exists(String ns, String name) {
        return call(HttpMethod.GET, "/api/v1/namespaces/" + ns + "/pods/" + name, null)
                        .code()
                == 200;
    }

    @Test
    void discoveryListsTheEvictionSubresourceAsKubectlDrainLooksForIt() {
        JsonNode list = Json.parse(ApiDispatcher.body(call(HttpMethod.GET, "/api/v1", null)));
        assertThat(Json.elements(list.path("resources"))).anySatisfy(r -> {
            assertThat(Json.text(r.path("name"))).isEqualTo("pods/eviction");
            assertThat(Json.text(r.path("group"))).isEqualTo("policy");
            assertThat(Json.text(r.path("version"))).isEqualTo("v1");
            assertThat(Json.text(r.path("kind"))).isEqualTo("Eviction");
            assertThat(Json.elements(r.path("verbs"))).extracting(Json::text).containsExactly("create");
        });
    }

    @Test
    void aPodWithoutBudgetIsDeletedWithASuccessStatus() {
        String ns = newNamespace();
        pod(ns, "plain", "web", true);

        MockResponse r = evict(ns, "plain", "{'gracePeriodSeconds':0}");

        assertThat(r.code()).isEqualTo(201);
        JsonNode status = Json.parse(ApiDispatcher.body(r));
        assertThat(Json.text(status.path("kind"))).isEqualTo("Status");
        assertThat(Json.text(status.path("status"))).isEqualTo("Success");
        assertThat(exists(ns, "plain")).isFalse();
    }

    @Test
    void thePolicyV1beta1FormIsAccepted() {
        String ns = newNamespace();
        pod(ns, "old", "web", true);
        assertThat(evict("policy/v1beta1", ns, "old", null).code()).isEqualTo(201);
        assertThat(exists(ns, "old")).isFalse();
    }

    @Test
    void aMissingPodIsNotFound() {
        String ns = newNamespace();
        MockResponse r = evict(ns, "ghost", null);
        assertThat(r.code()).isEqualTo(404);
        assertThat(Json.text(Json.parse(ApiDispatcher.body(r)).path("reason"))).isEqualTo("NotFound");
    }

    @Test
    void preconditionsAndDryRunAreHonoured() {
        String ns = newNamespace();
        JsonNode pod = pod(ns, "guarded", "web", true);

        MockResponse wrongUid = evict(ns, "guarded", "{'preconditions':{'uid':'not-the-uid'}}");
        assertThat(wrongUid.code()).isEqualTo(409);
        MockResponse dryRun = evict(ns, "guarded", "{'dryRun':['All']}");
        assertThat(dryRun.code()).isEqualTo(201);
        assertThat(exists(ns, "guarded")).isTrue();

        assertThat(evict(ns, "guarded", "{'preconditions':{'uid':'" + Json.uid(pod) + "'}}")
                        .code())
                .isEqualTo(201);
        assertThat(exists(ns, "guarded")).isFalse();
    }

    @Test
    void onlyPostIsAllowedAndTheNameMustMatch() {
        String ns = newNamespace();
        pod(ns, "p", "web", true);
        assertThat(call(HttpMethod.GET, "/api/v1/namespaces/" + ns + "/pods/p/eviction", null)
                        .code())
                .isEqualTo(405);
        MockResponse mismatch = call(
                HttpMethod.POST,
                "/api/v1/namespaces/" + ns + "/pods/p/eviction",
                "{'kind':'Eviction','apiVersion':'policy/v1','metadata':{'name':'other'}}".replace('\'', '"'));
        assertThat(mismatch.code()).isEqualTo(400);
        assertThat(exists(ns, "p")).isTrue();
    }

    @Test
    void minAvailableThatWouldBeBrokenAnswersTooManyRequests() {
        String ns = newNamespace();
        pod(ns, "web-1", "web", true);
        pod(ns, "web-2", "web", true);
        budget(ns, "web", "{'minAvailable':2,'selector':{'matchLabels':{'app':'web'}}}");

        MockResponse r = evict(ns, "web-1", null);

        assertThat(r.code()).isEqualTo(429);
        JsonNode status = Json.parse(ApiDispatcher.body(r));
        assertThat(Json.text(status.path("reason"))).isEqualTo("TooManyRequests");
        assertThat(Json.text(status.path("message")))
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(Json.text(status.path("details").path("causes").path(0).path("reason")))
                .isEqualTo("DisruptionBudget");
        assertThat(Json.text(status.path("details").path("causes").path(0).path("message")))
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
        assertThat(exists(ns, "web-1")).isTrue();
    }

    @Test
    void maxUnavailablePercentAllowsThatShareOfTheControllersScale() {
        String ns = newNamespace();
        MockResponse deployment = call(HttpMethod.POST, "/apis/apps/v1/namespaces/" + ns + "/deployments", """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'replicas':4,'selector':{'matchLabels':{'app':'web'}},
                 'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}""");
        assertThat(deployment.code()).isEqualTo(201);
        String uid = Json.uid(Json.parse(ApiDispatcher.body(deployment)));
        for (int i = 1; i <= 4; i++) {
            JsonNode pod = pod(ns, "web-" + i, "web", true);
            ((tools.jackson.databind.node.ObjectNode) pod.path("metadata"))
                    .set("ownerReferences", Json.parse("""
          [{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"%s","controller":true}]""".formatted(uid)));
            assertThat(call(HttpMethod.PUT, "/api/v1/namespaces/" + ns + "/pods/web-" + i, Json.write(pod))
                            .code())
                    .isEqualTo(200);
        }
        pod(ns, "other", "other", true);
        budget(
                ns,
                "half",
                "{'maxUnavailable':'50%','selector':{'matchExpressions':[{'key':'app','operator':'In','values':['web']}]}}");

        assertThat(evict(ns, "web-1", null).code()).isEqualTo(201);
        assertThat(evict(ns, "web-2", null).code()).isEqualTo(201);
        assertThat(evict(ns, "web-3", null).code()).isEqualTo(429);
        assertThat(evict(ns, "other", null).code())
                .as("a pod the budget does not select")
                .isEqualTo(201);
    }

    @Test
    void anUnhealthyPodMayGoWhileTheBudgetHasItsHealthyPods() {
        String ns = newNamespace();
        pod(ns, "ready-1", "web", true);
        pod(ns, "ready-2", "web", true);
        pod(ns, "unready", "web", false);
        budget(ns, "web", "{'minAvailable':2,'selector':{'matchLabels':{'app':'web'}}}");

        assertThat(evict(ns, "ready-1", null).code()).isEqualTo(429);
        assertThat(evict(ns, "unready", null).code()).isEqualTo(201);
    }

    @Test
    void anUnhealthyPodMayGoUnderAlwaysAllowEvenWhenTheBudgetIsShort() {
        String ns = newNamespace();
        pod(ns, "ready", "web", true);
        pod(ns, "unready", "web", false);
        budget(ns, "strict", "{'minAvailable':2,'selector':{'matchLabels':{'app':'web'}}}");
        assertThat(evict(ns, "unready", null).code())
                .as("IfHealthyBudget with too few healthy pods")
                .isEqualTo(429);

        call(HttpMethod.DELETE, "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/strict", null);
        budget(
                ns,
                "lenient",
                "{'minAvailable':2,'unhealthyPodEvictionPolicy':'AlwaysAllow','selector':{'matchLabels':{'app':'web'}}}");
        assertThat(evict(ns, "unready", null).code()).isEqualTo(201);
    }

    @Test
    void twoBudgetsForOnePodAreAnInternalError() {
        String ns = newNamespace();
        pod(ns, "web-1", "web", true);
        pod(ns, "web-2", "web", true);
        budget(ns, "a", "{'maxUnavailable':1,'selector':{'matchLabels':{'app':'web'}}}");
        budget(ns, "b", "{'maxUnavailable':1,'selector':{}}");

        MockResponse r = evict(ns, "web-1", null);

        assertThat(r.code()).isEqualTo(500);
        assertThat(Json.text(Json.parse(ApiDispatcher.body(r)).path("message")))
                .contains(
                        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }

    @Test
    void budgetArithmetic() {
        assertThat(DisruptionBudgets.scaled(Json.parse("\"50%\""), 3)).isEqualTo(2);
        assertThat(DisruptionBudgets.scaled(Json.parse("\"10%\""), 4)).isEqualTo(1);
        assertThat(DisruptionBudgets.scaled(Json.parse("2"), 10)).isEqualTo(2);
        assertThat(DisruptionBudgets.selectorString(Json.parse("""
        {"matchLabels":{"a":"b"},"matchExpressions":[{"key":"c","operator":"NotIn","values":["x","y"]},
         {"key":"d","operator":"Exists"},{"key":"e","operator":"DoesNotExist"}]}"""))).isEqualTo("a=b,c notin (x,y),d,!e");
        JsonNode pod = Json.parse("{\"metadata\":{\"namespace\":\"n\",\"labels\":{\"a\":\"b\"}}}");
        assertThat(DisruptionBudgets.selects(Json.parse("{\"metadata\":{\"namespace\":\"n\"},\"spec\":{}}"), pod))
                .as("no selector selects nothing")
                .isFalse();
        assertThat(DisruptionBudgets.selects(
                        Json.parse("{\"metadata\":{\"namespace\":\"n\"},\"spec\":{\"selector\":{}}}"), pod))
                .as("an empty selector selects every pod (policy/v1)")
                .isTrue();
        assertThat(DisruptionBudgets.selects(
                        Json.parse("{\"metadata\":{\"namespace\":\"m\"},\"spec\":{\"selector\":{}}}"), pod))
                .as("another namespace")
                .isFalse();
    }
}
