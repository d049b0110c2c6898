package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** metadata.managedFields recorded on every create, update and patch, as the API server records them. */
class ManagedFieldsTest extends ServerAndClient {
    private static final String CLIENT = "fabric8-kubernetes-client";

    @Test
    void theCreatorOwnsEveryFieldItSetButNotWhatTheServerSets() {
        Pod pod = createPod();

        assertThat(pod.getMetadata().getManagedFields()).hasSize(1);
        ManagedFieldsEntry entry = pod.getMetadata().getManagedFields().get(0);
        assertThat(entry.getManager()).isEqualTo(CLIENT);
        assertThat(entry.getOperation()).isEqualTo("Update");
        assertThat(entry.getApiVersion()).isEqualTo("v1");
        assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(entry.getSubresource()).isNull();
        assertThat(entry.getTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(fieldsV1(pod, 0)).isEqualTo(Json.parse("""
                {"f:metadata":{"f:finalizers":{".":{},"v:\\"example.com/keep\\"":{}},
                               "f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},
                     "f:env":{".":{},"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}},
                     "f:image":{},"f:name":{},
                     "f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},
                         "f:containerPort":{},"f:protocol":{}}}}},
                   "f:tolerations":{}}}"""));
        assertThat(client.pods().withName("p").get().getMetadata().getManagedFields())
                .as("read back as stored")
                .isEqualTo(pod.getMetadata().getManagedFields());
    }

    @Test
    void theFieldManagerParameterNamesTheManagerAndClientSuppliedEntriesAreReplaced() {
        var response = server.dispatcher()
                .call(
                        HttpMethod.POST,
                        "/api/v1/namespaces/default/configmaps?fieldManager=tester",
                        "application/json",
                        """
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":[
                          {"manager":"forged","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
                           "fieldsV1":{"f:data":{}}}]},
                         "data":{"k":"v"}}""");
        assertThat(response.code()).isEqualTo(201);
        JsonNode managed =
                Json.parse(ApiDispatcher.body(response)).path("metadata").path("managedFields");
        assertThat(managed).hasSize(1);
        assertThat(Json.text(managed.get(0).path("manager"))).isEqualTo("tester");
        assertThat(managed.get(0).path("fieldsV1")).isEqualTo(Json.parse("{\"f:data\":{\".\":{},\"f:k\":{}}}"));

        var byAgent = server.dispatcher()
                .call(HttpMethod.POST, "/api/v1/namespaces/default/configmaps", "application/json", """
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm2"}, "data":{"k":"v"}}""");
        JsonNode internal =
                Json.parse(ApiDispatcher.body(byAgent)).path("metadata").path("managedFields");
        assertThat(Json.text(internal.get(0).path("manager"))).isEqualTo("kube-controller-manager");
    }

    @Test
    void aStatusWriteIsItsOwnEntryAndLeavesTheCreatorsAlone() {
        Pod created = createPod();
        Pod withStatus = new PodBuilder(created)
                .withStatus(new PodStatusBuilder()
                        .withPhase("Running")
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .build())
                .build();
        Pod written = client.pods().resource(withStatus).updateStatus();

        List<ManagedFieldsEntry> entries = written.getMetadata().getManagedFields();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0))
                .isEqualTo(created.getMetadata().getManagedFields().get(0));
        assertThat(entries.get(1).getSubresource()).isEqualTo("status");
        assertThat(entries.get(1).getManager()).isEqualTo(CLIENT);
        assertThat(fieldsV1(written, 1)).isEqualTo(Json.parse("""
                {"f:status":{"f:conditions":{".":{},"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}},
                 "f:phase":{}}}"""));
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheResourceVersionAndTheEntries() {
        Pod created = createPod();
        Pod same = client.pods().resource(created).update();
        assertThat(same.getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(same.getMetadata().getManagedFields())
                .isEqualTo(created.getMetadata().getManagedFields());

        Pod withoutManagedFields = new PodBuilder(created)
                .editMetadata()
                .withManagedFields(List.of())
                .endMetadata()
                .build();
        Pod stillSame = client.pods().resource(withoutManagedFields).update();
        assertThat(stillSame.getMetadata().getResourceVersion())
                .as("a client that leaves managedFields out changes nothing")
                .isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(stillSame.getMetadata().getManagedFields())
                .isEqualTo(created.getMetadata().getManagedFields());
    }

    @Test
    void aFieldChangedByAnotherManagerMovesToItAndARemovedFieldLeavesEveryone() {
        createPod();
        var patched = server.dispatcher()
                .call(
                        HttpMethod.PATCH,
                        "/api/v1/namespaces/default/pods/p?fieldManager=labeller",
                        "application/strategic-merge-patch+json",
                        "{\"metadata\":{\"labels\":{\"app\":\"db\",\"tier\":\"x\"},\"finalizers\":null}}");
        assertThat(patched.code()).isEqualTo(200);
        JsonNode managed =
                Json.parse(ApiDispatcher.body(patched)).path("metadata").path("managedFields");
        assertThat(managed).hasSize(2);
        JsonNode creator = managed.get(0).path("fieldsV1");
        JsonNode labeller = managed.get(1).path("fieldsV1");
        assertThat(Json.text(managed.get(1).path("manager"))).isEqualTo("labeller");
        // still the owner of the label map itself, which now shows as a leaf
        assertThat(creator.path("f:metadata")).isEqualTo(Json.parse("{\"f:labels\":{}}"));
        assertThat(labeller).isEqualTo(Json.parse("{\"f:metadata\":{\"f:labels\":{\"f:app\":{},\"f:tier\":{}}}}"));

        Pod jsonPatched = client.pods()
                .withName("p")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"busybox:2\"}]");
        List<ManagedFieldsEntry> entries = jsonPatched.getMetadata().getManagedFields();
        assertThat(entries).extracting(ManagedFieldsEntry::getManager).containsExactlyInAnyOrder("labeller", CLIENT);
        ManagedFieldsEntry creatorAgain = entries.stream()
                .filter(e -> e.getManager().equals(CLIENT))
                .findFirst()
                .orElseThrow();
        assertThat(client.getKubernetesSerialization().asJson(creatorAgain.getFieldsV1()))
                .contains("\"f:image\"");
        assertThat(jsonPatched.getMetadata().getResourceVersion())
                .isNotEqualTo(Json.text(
                        Json.parse(ApiDispatcher.body(patched)).path("metadata").path("resourceVersion")));
    }

    @Test
    void aDryRunPatchShowsTheEntriesTheWriteWouldRecordAndStoresNothing() {
        Pod created = createPod();
        var dryRun = server.dispatcher()
                .call(
                        HttpMethod.PATCH,
                        "/api/v1/namespaces/default/pods/p?dryRun=All&fieldManager=planner",
                        "application/merge-patch+json",
                        "{\"metadata\":{\"labels\":{\"tier\":\"x\"}}}");
        assertThat(dryRun.code()).isEqualTo(200);
        JsonNode managed =
                Json.parse(ApiDispatcher.body(dryRun)).path("metadata").path("managedFields");
        assertThat(managed).extracting(e -> Json.text(e.path("manager"))).contains("planner");
        assertThat(client.pods().withName("p").get().getMetadata().getManagedFields())
                .isEqualTo(created.getMetadata().getManagedFields());
    }

    @Test
    void everyKindGetsThem() {
        var cm = client.configMaps()
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("cm")
                        .withAnnotations(Map.of("a", "b"))
                        .endMetadata()
                        .build())
                .create();
        assertThat(client.getKubernetesSerialization()
                        .asJson(cm.getMetadata().getManagedFields().get(0).getFieldsV1()))
                .isEqualTo("{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:a\":{}}}}");
    }

    private Pod createPod() {
        return client.pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("p")
                        .withLabels(Map.of("app", "web"))
                        .withFinalizers("example.com/keep")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("busybox")
                        .addNewEnv()
                        .withName("A")
                        .withValue("1")
                        .endEnv()
                        .addNewPort()
                        .withContainerPort(80)
                        .withProtocol("TCP")
                        .endPort()
                        .endContainer()
                        .addNewToleration()
                        .withOperator("Exists")
                        .endToleration()
                        .endSpec()
                        .build())
                .create();
    }

    private JsonNode fieldsV1(Pod pod, int entry) {
        return Json.parse(client.getKubernetesSerialization()
                .asJson(pod.getMetadata().getManagedFields().get(entry).getFieldsV1()));
    }
}
